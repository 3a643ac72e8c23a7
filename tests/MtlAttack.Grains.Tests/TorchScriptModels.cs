using System.Text.Json.Nodes;

namespace MtlAttack.Grains.Tests;

/// <summary>
/// The TorchScript model folders tests/fixtures/torchscript/make_fixtures.py wrote with PyTorch 1.13 (copied to the
/// test output): networks no MtlAttack code made, and modules MtlAttack must refuse.
/// </summary>
internal static class TorchScriptModels
{
    /// <summary>A 3-task NYUv2-like network (6 classes, normals, depth) at 32x32 input with half-resolution outputs.</summary>
    public const string Nyu3 = "nyu3-scripted";

    /// <summary>A synthetic dataset whose tasks and class count fit <see cref="Nyu3"/>.</summary>
    public const string Dataset = "synthetic:count=10,size=32,seed=1";

    public static string Folder(string name) => Path.Combine(AppContext.BaseDirectory, "fixtures", "torchscript", name);

    /// <summary>A copy of fixture <paramref name="name"/> in <paramref name="directory"/> with its model.json changed by <paramref name="edit"/>.</summary>
    public static string Copy(string name, string directory, Action<JsonObject>? edit = null)
    {
        Directory.CreateDirectory(directory);
        foreach (var file in Directory.GetFiles(Folder(name))) File.Copy(file, Path.Combine(directory, Path.GetFileName(file)), overwrite: true);
        if (edit is not null)
        {
            string spec = Path.Combine(directory, "model.json");
            var json = JsonNode.Parse(File.ReadAllText(spec))!.AsObject();
            edit(json);
            File.WriteAllText(spec, json.ToJsonString());
        }
        return directory;
    }
}
