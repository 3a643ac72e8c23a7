using System.IO.Compression;
using System.Text.Json.Nodes;
using MtlAttack.Core.Models;
using MtlAttack.Core.Models.TorchScript;
using MtlAttack.Core.Tests.IO;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tests.Models.TorchScript;

/// <summary>Every way a TorchScript folder is refused at load, each with a message that says what to change.</summary>
public sealed class TorchScriptRefusalTests
{
    [Theory]
    [InlineData("dict-output", "returns a dict")]
    [InlineData("detached-head", "Task 'depth_zbuffer': its output")]
    [InlineData("zero-gradient-head", "Task 'depth_zbuffer': its input gradient is zero everywhere")]
    [InlineData("nan-output", "Task 'depth_zbuffer': the module's output holds NaN or infinite values")]
    [InlineData("four-channel", "The probe forward at the declared input size 32x32 failed")]
    public void FixtureModulesAreRefusedNamingTheProblem(string folder, string message)
    {
        var e = Assert.Throws<ModelRefusedException>(() => ModelFolder.Load(TorchScriptFixtures.Folder(folder), CPU).Dispose());
        Assert.Contains(message, e.Message);
        Assert.DoesNotContain("frame #", e.Message);
    }

    [Fact]
    public void DictOutputShowsTheTupleWrapperInTaskOrder()
    {
        var e = Assert.Throws<ModelRefusedException>(() => ModelFolder.Load(TorchScriptFixtures.Folder("dict-output"), CPU).Dispose());
        Assert.Contains("return a tuple", e.Message.Replace("needs a tuple", "return a tuple"));
        Assert.Contains("class AsTuple(torch.nn.Module):", e.Message);
        // torch.jit.script (PyTorch 1.13) refuses Tuple[torch.Tensor, ...]; the wrapper names one Tensor per task.
        Assert.Contains("def forward(self, x: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor, torch.Tensor]:", e.Message);
        Assert.Contains("return (out[\"segment_semantic\"], out[\"normal\"], out[\"depth_zbuffer\"],)", e.Message);
    }

    [Fact]
    public void TheTupleWrapperAroundADictModuleIsAcceptedScripted()
    {
        // The wrapper the refusal shows, pasted and scripted (dict-wrapped): the archive still holds the inner forward
        // that returns a dict, and only the top-level forward counts.
        using var model = ModelFolder.Load(TorchScriptFixtures.Folder("dict-wrapped"), CPU);
        using var images = zeros(2, 3, 32, 32);
        var outputs = model.Forward(images);
        Assert.Equal(new long[] { 2, 6, 16, 16 }, outputs["segment_semantic"].shape);
        Assert.Equal(new long[] { 2, 3, 16, 16 }, outputs["normal"].shape);
        Assert.Equal(new long[] { 2, 1, 16, 16 }, outputs["depth_zbuffer"].shape);
        foreach (var output in outputs.Values) output.Dispose();
    }

    [Fact]
    public void OutputCountMustMatchTheTasks()
    {
        using var folder = Copy("nyu3-scripted", spec => ((JsonArray)spec["tasks"]!).RemoveAt(2));
        var e = Assert.Throws<ModelRefusedException>(() => ModelFolder.Load(folder.Path, CPU).Dispose());
        Assert.Contains("returns 3 tensors but model.json lists 2 tasks", e.Message);
    }

    [Fact]
    public void ChannelsMustFitTheTask()
    {
        using var folder = Copy("nyu3-scripted", spec => spec["tasks"]![0]!["classes"] = 13);
        var e = Assert.Throws<ModelRefusedException>(() => ModelFolder.Load(folder.Path, CPU).Dispose());
        Assert.Contains("Task 'segment_semantic': the module returns 6 channels but the task needs 13", e.Message);
    }

    [Fact]
    public void ANonArchiveIsRefused()
    {
        using var folder = Copy("nyu3-scripted", _ => { });
        File.WriteAllText(Path.Combine(folder.Path, "model.pt"), "not a zip");
        var e = Assert.Throws<ModelRefusedException>(() => ModelFolder.Load(folder.Path, CPU).Dispose());
        Assert.Contains("'model.pt' is not a TorchScript archive", e.Message);
    }

    [Fact]
    public void APickledModelIsRefusedWithoutUnpicklingIt()
    {
        using var folder = Copy("nyu3-scripted", _ => { });
        string path = Path.Combine(folder.Path, "model.pt");
        File.Delete(path);
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        using (var writer = new StreamWriter(zip.CreateEntry("archive/data.pkl").Open()))
            writer.Write("not really a pickle; never read");
        var e = Assert.Throws<ModelRefusedException>(() => ModelFolder.Load(folder.Path, CPU).Dispose());
        Assert.Contains("written by torch.save", e.Message);
    }

    [Fact]
    public void AFileOverTheSizeLimitIsRefusedBeforeLoading()
    {
        var e = Assert.Throws<ModelRefusedException>(() =>
            ModelFolder.Load(TorchScriptFixtures.Folder("nyu3-scripted"), CPU, new TorchScriptLimits { MaxFileBytes = 1000 }).Dispose());
        Assert.Contains("over the limit of 1,000", e.Message);
    }

    [Theory]
    [InlineData("""{"format":"torchscript","file":"model.pt","tasks":[{"name":"normal"}],"normalization":"nyuv2"}""", "input is missing")]
    [InlineData("""{"format":"torchscript","file":"../model.pt","tasks":[{"name":"normal"}],"normalization":"nyuv2","input":{"height":32,"width":32}}""", "must be a plain file name")]
    [InlineData("""{"format":"torchscript","file":"model.pt","tasks":[{"name":"normal"}],"normalization":"lab","input":{"height":32,"width":32}}""", "normalization 'lab' is unknown")]
    [InlineData("""{"format":"torchscript","file":"model.pt","tasks":[{"name":"segment_semantic"}],"normalization":"nyuv2","input":{"height":32,"width":32}}""", "needs \"classes\"")]
    [InlineData("""{"format":"torchscript","file":"model.pt","tasks":[{"name":"segment_semantic","classes":25000000}],"normalization":"nyuv2","input":{"height":32,"width":32}}""", "has 25000000 classes; give 1..255")]
    [InlineData("""{"format":"torchscript","file":"model.pt","tasks":[{"name":"normal"}],"normalization":"nyuv2","input":{"height":100000,"width":100000}}""", "input size 100000x100000 is outside 8..4096")]
    [InlineData("""{"format":"onnx","file":"model.pt"}""", "format is \"onnx\"")]
    [InlineData("""{"format":"torchscript","file":"model.pt","tasks":[{"name":"normal","channels":2}],"normalization":"nyuv2","input":{"height":32,"width":32}}""", "declares 2 channels but normal has 3")]
    public void SpecProblemsAreRefusedBeforeAnythingLoads(string json, string message)
    {
        using var folder = Copy("nyu3-scripted", _ => { });
        File.WriteAllText(Path.Combine(folder.Path, "model.json"), json);
        var e = Assert.Throws<ModelRefusedException>(() => ModelFolder.Load(folder.Path, CPU).Dispose());
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void AFolderWithoutFormatIsANativeModelAsBefore()
    {
        using var model = ModelFolder.Load(TorchScriptFixtures.Folder("small-native"), CPU);
        Assert.IsType<NativeModel>(model);
        Assert.Equal(ModelFormat.Native, model.Header.Format);
    }

    private static TempDirectory Copy(string fixture, Action<JsonNode> edit)
    {
        var folder = new TempDirectory();
        foreach (var file in Directory.GetFiles(TorchScriptFixtures.Folder(fixture)))
            File.Copy(file, Path.Combine(folder.Path, Path.GetFileName(file)));
        string specPath = Path.Combine(folder.Path, "model.json");
        var spec = JsonNode.Parse(File.ReadAllText(specPath))!;
        edit(spec);
        File.WriteAllText(specPath, spec.ToJsonString());
        return folder;
    }
}
