using System.Globalization;
using System.Text.Json;
using MtlAttack.Core.Datasets;
using MtlAttack.Core.Tasks;

namespace MtlAttack.Core.Models.TorchScript;

/// <summary>
/// The model.json of a TorchScript model folder. Its keys are a contract:
/// <code>
/// {"format": "torchscript", "file": "model.pt",
///  "tasks": [{"name": "segment_semantic", "classes": 13}, {"name": "normal"}, {"name": "depth_zbuffer"}],
///  "normalization": "nyuv2",
///  "input": {"height": 321, "width": 321}}
/// </code>
/// <c>tasks</c> names the module's outputs in order (a tuple or list of [N,C,h,w] tensors). A task's channels follow
/// from its name (segmentation: <c>classes</c>; normals 3; depth, keypoints and edges 1) or an optional
/// <c>channels</c>. <c>normalization</c> is a name (<c>nyuv2</c>, <c>taskonomy</c>, <c>synthetic</c>: BGR with Caffe
/// means; <c>imagenet</c>: RGB with ImageNet means) or an object <c>{"channelOrder", "mean", "scale"?}</c>: MtlAttack
/// feeds (pixel - mean) in 0..255 units, multiplied per channel by <c>scale</c> when given (1/(255 std) for
/// torchvision-style inputs), so budgets stay in 0..255 pixel units. Optional: <c>provenance</c> (string map).
/// </summary>
public sealed record TorchScriptSpec(
    string File,
    IReadOnlyList<TaskHeadSpec> Tasks,
    ImageNormalization Normalization,
    double[]? Scale,
    int InputHeight,
    int InputWidth,
    IReadOnlyDictionary<string, string> Provenance)
{
    public const string FormatName = "torchscript";

    /// <summary>The format model.json declares: <see cref="ModelFormat.Native"/> when it has no <c>format</c> key.</summary>
    public static ModelFormat FormatOf(string json)
    {
        using var document = Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Object) throw Invalid("it is not a JSON object");
        if (!document.RootElement.TryGetProperty("format", out var format)) return ModelFormat.Native;
        return format.ValueKind == JsonValueKind.String && format.GetString() == FormatName
            ? ModelFormat.TorchScript
            : throw Invalid($"format is {format.GetRawText()}; use \"{FormatName}\" for a TorchScript module, or leave it out for a native MtlAttack checkpoint");
    }

    public ModelHeader Header => new(ModelFormat.TorchScript, Tasks, Normalization, InputHeight, InputWidth, Provenance,
        [MultiTaskNetwork.SpecFileName, File]);

    /// <summary>Parses and validates model.json text; throws <see cref="InvalidDataException"/> naming the first problem.</summary>
    public static TorchScriptSpec FromJson(string json)
    {
        using var document = Parse(json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw Invalid("it is not a JSON object");
        if (FormatOf(json) != ModelFormat.TorchScript) throw Invalid($"format must be \"{FormatName}\"");

        string file = RequiredString(root, "file", "the TorchScript file's name beside model.json, e.g. \"model.pt\"");
        if (file != Path.GetFileName(file) || file is "." or ".." || file == MultiTaskNetwork.SpecFileName || file.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
            throw Invalid($"file '{file}' must be a plain file name beside model.json (no folders), other than model.json");

        if (!root.TryGetProperty("tasks", out var tasksElement) || tasksElement.ValueKind != JsonValueKind.Array || tasksElement.GetArrayLength() == 0)
            throw Invalid("tasks must be a non-empty array naming the module's outputs in order, e.g. [{\"name\": \"segment_semantic\", \"classes\": 13}, {\"name\": \"normal\"}]");
        if (tasksElement.GetArrayLength() > ModelSizeLimits.MaxTasks)
            throw Invalid($"there are {tasksElement.GetArrayLength()} tasks; at most {ModelSizeLimits.MaxTasks} are supported");
        var tasks = tasksElement.EnumerateArray().Select(Task).ToList();
        var duplicate = tasks.GroupBy(t => t.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw Invalid($"task '{duplicate.Key}' is listed twice");

        var (normalization, scale) = ReadNormalization(root);

        if (!root.TryGetProperty("input", out var input) || input.ValueKind != JsonValueKind.Object)
            throw Invalid("input is missing: give the size the module expects, e.g. \"input\": {\"height\": 321, \"width\": 321}");
        int height = RequiredInt(input, "height", "input.height");
        int width = RequiredInt(input, "width", "input.width");
        try { ModelSizeLimits.CheckInputSize(height, width); }
        catch (InvalidDataException e) { throw Invalid(e.Message); }

        var provenance = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (root.TryGetProperty("provenance", out var p))
        {
            if (p.ValueKind != JsonValueKind.Object) throw Invalid("provenance must be an object of strings");
            foreach (var entry in p.EnumerateObject())
                provenance[entry.Name] = entry.Value.ValueKind == JsonValueKind.String ? entry.Value.GetString()! : entry.Value.GetRawText();
        }
        return new TorchScriptSpec(file, tasks, normalization, scale, height, width, provenance);
    }

    private static TaskHeadSpec Task(JsonElement element, int index)
    {
        if (element.ValueKind != JsonValueKind.Object) throw Invalid($"tasks[{index}] must be an object like {{\"name\": \"normal\"}}");
        string name = RequiredString(element, "name", $"tasks[{index}].name");
        int? classes = OptionalInt(element, "classes", $"task '{name}'");
        int? channels = OptionalInt(element, "channels", $"task '{name}'");
        if (classes is int k && (k < 1 || k > ModelSizeLimits.MaxClasses))
            throw Invalid($"task '{name}' has {k} classes; give 1..{ModelSizeLimits.MaxClasses}");
        int expected = name switch
        {
            Core.Tasks.TaskNames.SegmentSemantic => classes ?? throw Invalid($"task '{name}' needs \"classes\": the number of segmentation classes its output has as channels"),
            Core.Tasks.TaskNames.Normal => 3,
            Core.Tasks.TaskNames.Depth or Core.Tasks.TaskNames.Keypoints or Core.Tasks.TaskNames.Edges => 1,
            _ => channels ?? throw Invalid($"task '{name}' is not one MtlAttack knows ({string.Join(", ", Core.Tasks.TaskNames.All)}); use one of those names"),
        };
        if (channels is int c && c != expected)
            throw Invalid($"task '{name}' declares {c} channels but {(name == Core.Tasks.TaskNames.SegmentSemantic ? $"its {expected} classes need {expected}" : $"{name} has {expected}")}");
        if (expected < 1 || expected > ModelSizeLimits.MaxChannels)
            throw Invalid($"task '{name}' has {expected} channels; give 1..{ModelSizeLimits.MaxChannels}");
        return new TaskHeadSpec(name, expected, name == Core.Tasks.TaskNames.SegmentSemantic ? expected : null);
    }

    private static (ImageNormalization Normalization, double[]? Scale) ReadNormalization(JsonElement root)
    {
        const string Hint = "give a name (nyuv2, taskonomy, synthetic, imagenet) or {\"channelOrder\": \"BGR\", \"mean\": [m0, m1, m2], \"scale\": [s0, s1, s2]} (scale optional)";
        if (!root.TryGetProperty("normalization", out var element)) throw Invalid($"normalization is missing: {Hint}");
        if (element.ValueKind == JsonValueKind.String)
        {
            return (element.GetString()!.Trim().ToLowerInvariant() switch
            {
                "nyuv2" or "taskonomy" or "synthetic" => ImageNormalization.NyuV2,
                "imagenet" => ImageNormalization.ImageNetRgb,
                var other => throw Invalid($"normalization '{other}' is unknown; {Hint}"),
            }, null);
        }
        if (element.ValueKind != JsonValueKind.Object) throw Invalid($"normalization must be a name or an object; {Hint}");
        string order = RequiredString(element, "channelOrder", "normalization.channelOrder").ToUpperInvariant();
        if (order is not ("RGB" or "BGR")) throw Invalid($"normalization.channelOrder is '{order}'; use RGB or BGR");
        var mean = Numbers(element, "mean", required: true)!;
        var scale = Numbers(element, "scale", required: false);
        if (mean.Any(m => m < 0 || m > 255)) throw Invalid("normalization.mean is in 0..255 pixel units; every mean must lie in 0..255");
        if (scale is not null && scale.Any(s => s <= 0)) throw Invalid("normalization.scale must be positive for every channel");
        return (new ImageNormalization(order, mean), scale);
    }

    private static double[]? Numbers(JsonElement element, string key, bool required)
    {
        if (!element.TryGetProperty(key, out var array))
            return required ? throw Invalid($"normalization.{key} is missing: three numbers, one per channel") : null;
        if (array.ValueKind != JsonValueKind.Array || array.GetArrayLength() != 3
            || array.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.Number || !double.IsFinite(v.GetDouble())))
            throw Invalid($"normalization.{key} must be three finite numbers, one per channel");
        return array.EnumerateArray().Select(v => v.GetDouble()).ToArray();
    }

    private static string RequiredString(JsonElement element, string key, string what)
    {
        if (!element.TryGetProperty(key, out var value) || value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
            throw Invalid($"{key} is missing or not a string ({what})");
        return value.GetString()!.Trim();
    }

    private static int RequiredInt(JsonElement element, string key, string what) =>
        OptionalInt(element, key, what) ?? throw Invalid($"{what} is missing");

    private static int? OptionalInt(JsonElement element, string key, string owner)
    {
        if (!element.TryGetProperty(key, out var value)) return null;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out int number))
            throw Invalid($"{key} of {owner} is {Trim(value.GetRawText())}; it must be a whole number");
        return number;
    }

    private static string Trim(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private static JsonDocument Parse(string json)
    {
        try
        {
            return JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            throw Invalid($"it is not valid JSON ({e.Message})");
        }
    }

    private static InvalidDataException Invalid(string problem) => new(string.Create(CultureInfo.InvariantCulture, $"Invalid model.json: {problem}."));
}
