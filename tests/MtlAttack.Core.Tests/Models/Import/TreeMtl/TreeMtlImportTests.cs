using System.Text.Json;
using MtlAttack.Core.Datasets;
using MtlAttack.Core.Models;
using MtlAttack.Core.Models.Backbones;
using MtlAttack.Core.Models.Import;
using MtlAttack.Core.Models.Import.TreeMtl;
using MtlAttack.Core.Models.Sharing;
using MtlAttack.Core.Tests.IO;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tests.Models.Import.TreeMtl;

/// <summary>
/// A checkpoint in TreeMTL's format (tests/fixtures/treemtl/make_checkpoint.py: TreeMTL's module and key structure at
/// width 1, saved as its trainer saves, with the pickled main.layout.Layout) loads onto our network and predicts what
/// the Python module predicted on the fixture batch.
/// </summary>
public sealed class TreeMtlImportTests : IDisposable
{
    // Float32 through 17 blocks and four ASPP branches, summed in another order than PyTorch's: agreement to 1e-4 of
    // the output's scale (observed: 3e-6).
    private const double RelativeTolerance = 1e-4;
    private const string OurLayout = "{0,1,2}|{0,1,2}|{0}{1,2}|{0}{1}{2}|{0}{1}{2}";

    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "fixtures", "treemtl", name);

    [Fact]
    public void ATreeMtlCheckpointPredictsWhatThePythonModulePredicted()
    {
        using var network = TreeMtlImport.Import(Fixture("checkpoint.model"), null, out var result);

        Assert.Equal("resnet34", result.Spec.Backbone);
        Assert.Equal(1, result.Spec.BackboneWidth);
        Assert.Equal(OurLayout, result.Spec.Layout);
        Assert.Equal([("segment_semantic", 40), ("normal", 3), ("depth_zbuffer", 1)], result.Spec.Tasks.Select(t => (t.Name, t.OutputChannels)));
        Assert.Equal(40, result.Spec.Tasks[0].Classes);
        Assert.Equal(ImageNormalization.NyuV2, result.Spec.Normalization);
        Assert.Equal((321, 321), (result.Spec.InputHeight, result.Spec.InputWidth));
        Assert.Equal(ExpectedTreeMtlIndex(), result.TreeMtlLayoutIndex);
        Assert.Equal(Layouts.IndexOf(Layout.Parse(OurLayout)), result.LayoutIndex);
        Assert.Equal(199, result.Iteration);
        Assert.Equal("treemtl", result.Spec.Provenance["importedFormat"]);
        Assert.Equal("32", result.Spec.Provenance["treemtl_layout_index"]);
        // TreeMTL trained on the reference's NYUv2 loader: the model is scored only on normals read that way.
        Assert.Equal("adashare", result.Spec.Provenance["normal_encoding"]);
        Assert.Equal("[[{0, 1, 2}], [{0, 1, 2}], [{1, 2}, {0}], [{0}, {2}, {1}], [{0}, {2}, {1}]]", result.Layout.ToString());

        AssertPredictsTheFixtureOutputs(network);
    }

    [Fact]
    public void TheImportedModelFolderLoadsAndPredictsTheSame()
    {
        var folder = temp.File("imported");
        var result = TreeMtlImport.ImportToCheckpoint(Fixture("checkpoint.model"), folder);

        using var network = MultiTaskNetwork.Load(folder);
        Assert.Equal(result.Spec with { Provenance = network.Spec.Provenance }, network.Spec);
        Assert.Equal("checkpoint.model", network.Spec.Provenance["importedFrom"]);
        AssertPredictsTheFixtureOutputs(network);
    }

    [Fact]
    public void ABareStateDictLoadsWithTreeMtlsLayoutIndex()
    {
        using var network = TreeMtlImport.Import(Fixture("state_dict.pt"), new TreeMtlImportOptions { TreeMtlLayoutIndex = 32 }, out var result);

        Assert.Equal(OurLayout, result.Spec.Layout);
        Assert.Null(result.Iteration);
        AssertPredictsTheFixtureOutputs(network);
    }

    [Fact]
    public void ABareStateDictWithoutAnIndexOrWithAWrongOneIsRefused()
    {
        var none = Assert.Throws<ModelRefusedException>(() => TreeMtlImport.Import(Fixture("state_dict.pt"), null, out _));
        Assert.Contains("it has no pickled layout; give TreeMTL's layout index", none.Message);

        // Layout #1 splits task 0 off at the stem: different block copies than the weights hold.
        var wrong = Assert.ThrowsAny<IOException>(() => TreeMtlImport.Import(Fixture("state_dict.pt"), new TreeMtlImportOptions { TreeMtlLayoutIndex = 1 }, out _));
        Assert.Contains("layout #1", wrong.Message);

        var missing = Assert.Throws<ModelRefusedException>(() => TreeMtlImport.Import(Fixture("state_dict.pt"), new TreeMtlImportOptions { TreeMtlLayoutIndex = 51 }, out _));
        Assert.Contains("TreeMTL layout #51 does not exist: 3 tasks have layouts #0..#50", missing.Message);
    }

    [Fact]
    public void AnIndexThatContradictsThePickledLayoutIsRefused()
    {
        var error = Assert.Throws<ModelRefusedException>(() => TreeMtlImport.Import(Fixture("checkpoint.model"), new TreeMtlImportOptions { TreeMtlLayoutIndex = 7 }, out _));

        Assert.Contains("is TreeMTL's #32, not #7 as given", error.Message);
    }

    [Fact]
    public void ALayoutThatBranchesInsideAStageIsRefusedSayingWhere()
    {
        // 17 fine blocks, tasks 0 and 1 parting at the third BasicBlock of layer2 (fine block 6).
        var shared = new List<IReadOnlyList<int>> { new[] { 0, 1 } };
        var split = new List<IReadOnlyList<int>> { new[] { 0 }, new[] { 1 } };
        var fine = new TreeMtlLayout(2, Enumerable.Range(0, 17).Select(l => (IReadOnlyList<IReadOnlyList<int>>)(l < 6 ? shared : split)).ToList());

        var error = Assert.Throws<ModelRefusedException>(() => TreeMtlImport.Coarse("x.model", fine, DeepLabResNet.ResNet34));

        Assert.Contains("its layout branches inside layer2 (block 6 of 17 has task sets {0} {1}, block 4 {0,1})", error.Message);
        Assert.Contains("MtlAttack's layouts branch only between the stem and layer1..layer4", error.Message);
    }

    [Fact]
    public void TreeMtlsEnumerationOrderIsThePythonOnes()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Fixture("layouts.json")));
        var expected = json.RootElement.GetProperty("layouts").EnumerateArray()
            .Select(layout => string.Join("|", layout.EnumerateArray().Select(block => string.Join(" ", block.EnumerateArray().Select(set => "{" + string.Join(",", set.EnumerateArray().Select(t => t.GetInt32())) + "}")))))
            .ToList();

        var actual = TreeMtlLayoutOrder.Enumerate(3, 5).Select(l => string.Join("|", l.Blocks.Select(sets => string.Join(" ", sets.Select(s => "{" + string.Join(",", s) + "}"))))).ToList();

        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 5)]
    [InlineData(3, 5)]
    [InlineData(4, 5)]
    [InlineData(3, 3)]
    public void TreeMtlNumbersEveryLayoutOnce(int tasks, int blocks)
    {
        var treeMtl = TreeMtlLayoutOrder.Enumerate(tasks, blocks).Select(l => l.Layout).ToList();

        Assert.Equal(Layouts.Count(tasks, blocks), treeMtl.Count);
        Assert.Equal(Layouts.Enumerate(tasks, blocks).ToHashSet(), treeMtl.ToHashSet());
        Assert.True(treeMtl[0].IsFullyShared);
    }

    [Fact]
    public void TheTwoNumberingsAgreeOnlyWhereTheyShould()
    {
        // TreeMTL's #1 for three tasks cuts {1,2} from {0} at the stem; ours #1 changes the last block first.
        var first = TreeMtlLayoutOrder.Enumerate(3, 5)[1];
        Assert.Equal("{0}{1,2}|{0}{1,2}|{0}{1,2}|{0}{1,2}|{0}{1,2}", first.Layout.ToString());
        Assert.Equal(1, TreeMtlLayoutOrder.IndexOf(first.Layout));
        Assert.Equal(0, TreeMtlLayoutOrder.IndexOf(Layout.FullyShared(3, 5)));
        Assert.NotEqual(1, Layouts.IndexOf(first.Layout));
    }

    private static int ExpectedTreeMtlIndex()
    {
        using var outputs = PyTorchWeightSource.Open(Fixture("outputs.pt"), PyTorchImportOptions.Default);
        using var index = outputs.Read(outputs.Entries.Single(e => e.Name == "treemtl_index"));
        return (int)index.item<long>();
    }

    private static void AssertPredictsTheFixtureOutputs(MultiTaskNetwork network)
    {
        using var scope = NewDisposeScope();
        using var outputs = PyTorchWeightSource.Open(Fixture("outputs.pt"), PyTorchImportOptions.Default);
        Tensor Read(string name) => outputs.Read(outputs.Entries.Single(e => e.Name == name)).contiguous();
        using var noGrad = no_grad();
        network.eval();
        var predictions = network.forward(Read("input"));
        foreach (var task in network.TaskNames)
        {
            var expected = Read(task);
            Assert.Equal(expected.shape, predictions[task].shape);
            double scale = expected.abs().max().item<float>();
            double error = (predictions[task] - expected).abs().max().item<float>();
            Assert.True(error <= RelativeTolerance * scale, $"{task}: largest difference {error} exceeds {RelativeTolerance} x {scale}");
        }
    }
}
