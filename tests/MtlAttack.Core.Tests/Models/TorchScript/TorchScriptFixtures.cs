using MtlAttack.Core.Datasets;
using MtlAttack.Core.Models.SafeTensors;
using MtlAttack.Core.Tasks;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tests.Models.TorchScript;

/// <summary>
/// The TorchScript fixtures tests/fixtures/torchscript/make_fixtures.py wrote with PyTorch 1.13 (copied to the test
/// output), and the reference values PyTorch computed for them.
/// </summary>
internal static class TorchScriptFixtures
{
    public static string Folder(string name) => Path.Combine(AppContext.BaseDirectory, "fixtures", "torchscript", name);

    /// <summary>The reference file's tensors by name, read onto the CPU.</summary>
    public static Dictionary<string, Tensor> References(string name)
    {
        using var reader = SafeTensorsReader.Open(Folder(name + "-reference.safetensors"));
        return reader.Entries.ToDictionary(e => e.Name, reader.Read);
    }

    /// <summary>The fixture's tasks, as a dataset with its class count would build them, in model order.</summary>
    public static IReadOnlyList<VisionTask> Tasks(IReadOnlyList<string> names) =>
        names.Select(n => VisionTaskFactory.Create(n, segmentationClasses: 6)).ToList();

    /// <summary>The fixed batch the references were computed on.</summary>
    public static MultiTaskBatch Batch(Dictionary<string, Tensor> references, IReadOnlyList<string> tasks) => new(
        references["images"],
        tasks.ToDictionary(t => t, t => references[$"target.{t}"]),
        tasks.ToDictionary(t => t, t => references[$"mask.{t}"]));
}
