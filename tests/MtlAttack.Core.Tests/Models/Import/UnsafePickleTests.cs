using MtlAttack.Core.Models.Import;
using MtlAttack.Core.Tests.IO;

namespace MtlAttack.Core.Tests.Models.Import;

/// <summary>A .pt whose pickle asks for anything but tensors and plain containers is refused by name, and nothing runs.</summary>
public sealed class UnsafePickleTests : IDisposable
{
    private readonly TempDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Theory]
    [InlineData("os", "system", 2)]
    [InlineData("os", "system", 4)]
    [InlineData("posix", "system", 2)]
    [InlineData("builtins", "eval", 4)]
    [InlineData("__builtin__", "eval", 2)]
    [InlineData("builtins", "exec", 2)]
    [InlineData("subprocess", "Popen", 2)]
    [InlineData("subprocess", "Popen", 4)]
    [InlineData("torch.serialization", "load", 2)]
    public void ACallToAnyOtherGlobalIsRefusedByNameAndNothingRuns(string module, string name, int protocol)
    {
        var marker = Path.Combine(directory.Path, "pwned");
        var pickle = new PickleBuilder(protocol);
        pickle.Global(module, name);
        pickle.TupleOf(p => p.String($"touch {marker}"));
        pickle.Put();
        pickle.Reduce();
        var path = WritePt(pickle.Finish());

        var error = Assert.Throws<UnsafePickleException>(() => PyTorchImport.Import(TestSpecs.Small(), path));
        Assert.Equal($"{path}: its pickle calls {module}.{name}, which is not a tensor or a plain container; refusing to load it "
            + "(nothing from the file was run). Export the weights with torch.save(model.state_dict()) or as safetensors.", error.Message);
        Assert.Equal($"{module}.{name}", error.ForbiddenGlobal);
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public void AForbiddenCallHiddenInOneEntryOfARealStateDictIsRefused()
    {
        using var network = ImportFixtures.TrainedNetwork();
        var stateDict = TorchSaveWriter.StateDictOf(network);
        var items = stateDict.Items.ToList();
        items.Insert(7, ("backbone.block1.group0.layer1.conv1.bias", new PyRaw(p =>
        {
            p.Global("os", "system");
            p.TupleOf(q => q.String("echo pwned"));
            p.Reduce();
        })));
        var path = directory.File("weights.pt");
        TorchSaveWriter.Write(path, stateDict with { Items = items });

        var error = Assert.Throws<UnsafePickleException>(() => PyTorchImport.Import(network.Spec, path));
        Assert.Contains("its pickle calls os.system", error.Message);
    }

    [Theory]
    [InlineData("__main__", "MultiTaskNet")]
    [InlineData("torch.nn.modules.conv", "Conv2d")]
    [InlineData("torch.nn.modules.container", "Sequential")]
    public void APickledModelObjectIsRefusedNamingItsClass(string module, string name)
    {
        // torch.save(model) pickles the module object: its class, NEWOBJ, then BUILD with its __dict__.
        var pickle = new PickleBuilder();
        pickle.Global(module, name);
        pickle.EmptyTuple();
        pickle.Op(0x81);
        pickle.Put();
        pickle.EmptyDict();
        pickle.Build();
        var path = WritePt(pickle.Finish());

        var error = Assert.Throws<UnsafePickleException>(() => PyTorchImport.Import(TestSpecs.Small(), path));
        Assert.Contains($"its pickle calls {module}.{name}, which is not a tensor or a plain container", error.Message);
    }

    [Fact]
    public void TheInstOpcodeIsRefusedNamingItsGlobal()
    {
        var pickle = new PickleBuilder();
        pickle.Mark();
        pickle.UncachedString("echo pwned");
        pickle.Op((byte)'i').Raw("os\nsystem\n"u8);
        var path = WritePt(pickle.Finish());

        var error = Assert.Throws<UnsafePickleException>(() => PyTorchImport.Import(TestSpecs.Small(), path));
        Assert.Equal("os.system", error.ForbiddenGlobal);
    }

    [Theory]
    [InlineData(0x81, "NEWOBJ")]
    [InlineData(0x92, "NEWOBJ_EX")]
    [InlineData((byte)'o', "OBJ")]
    [InlineData(0x82, "EXT1")]
    public void OpcodesThatBuildObjectsAreRefusedEvenForAllowedClasses(int opcode, string name)
    {
        var pickle = new PickleBuilder();
        pickle.Global("collections", "OrderedDict");
        pickle.EmptyTuple();
        if (opcode == 0x92) pickle.EmptyDict();
        pickle.Op((byte)opcode);
        if (opcode == 0x82) pickle.Raw([1]);
        var path = WritePt(pickle.Finish());

        var error = Assert.Throws<UnsafePickleException>(() => PyTorchImport.Import(TestSpecs.Small(), path));
        Assert.Contains($"opcode {name} at byte", error.Message);
        Assert.Contains("builds arbitrary objects", error.Message);
    }

    [Fact]
    public void CallingAStorageClassIsRefused()
    {
        var pickle = new PickleBuilder();
        pickle.Global("torch", "FloatStorage");
        pickle.TupleOf(p => p.Int(1_000_000_000));
        pickle.Reduce();
        var path = WritePt(pickle.Finish());

        var error = Assert.Throws<UnsafePickleException>(() => PyTorchImport.Import(TestSpecs.Small(), path));
        Assert.Contains("its pickle calls torch.FloatStorage(…), which torch.save never does", error.Message);
    }

    [Fact]
    public void AControlCharacterInAGlobalNameIsShownEscaped()
    {
        var pickle = new PickleBuilder(4);
        pickle.Global("os\r", "sys\u001btem");
        var path = WritePt(pickle.Finish());

        var error = Assert.Throws<UnsafePickleException>(() => PyTorchImport.Import(TestSpecs.Small(), path));
        Assert.Contains(@"calls os\x0d.sys\x1btem,", error.Message);
    }

    [Fact]
    public void ATorchScriptArchiveIsRefused()
    {
        var pickle = new PickleBuilder();
        pickle.Global("__torch__.Net", "Net");
        var path = directory.File("scripted.pt");
        TorchSaveWriter.WriteArchive(path, new TorchSaveStyle
        {
            ExtraEntries = new Dictionary<string, byte[]> { ["archive/code/__torch__.py"] = "def forward(self): ..."u8.ToArray(), ["archive/constants.pkl"] = [0x80, 2, (byte)'.'] },
        }, pickle.Finish(), new Dictionary<string, byte[]>());

        var error = Assert.Throws<PyTorchFormatException>(() => PyTorchImport.Import(TestSpecs.Small(), path));
        Assert.Contains("TorchScript archive (torch.jit.save)", error.Message);
    }

    private string WritePt(byte[] pickle)
    {
        var path = directory.File("model.pt");
        TorchSaveWriter.WriteArchive(path, new TorchSaveStyle(), pickle, new Dictionary<string, byte[]>());
        return path;
    }
}
