using System.Text.Json;

namespace MtlAttack.Api.Contracts;

/// <summary>
/// The two files a model upload carries: model.json, and the file that holds the model, which model.json decides:
/// weights.safetensors for a native checkpoint, the TorchScript archive it names (<c>"format": "torchscript",
/// "file": "model.pt"</c>) for a user's module. The SDK reads it to know which file to send and the API to know what
/// to store the upload's <c>weights</c> part as, so both read the contract alike. Everything else in model.json is
/// the server's to judge when it loads the model.
/// </summary>
public static class ModelFolderLayout
{
    public const string SpecFileName = "model.json";
    public const string WeightsFileName = "weights.safetensors";
    public const string NativeFormat = "native";
    public const string TorchScriptFormat = "torchscript";

    /// <summary>
    /// The name of the file beside model.json that holds the model described by <paramref name="specJson"/>. Text that
    /// is not a JSON object, or has no <c>format</c>, names weights.safetensors (the server then says what is wrong with
    /// it). Throws <see cref="InvalidDataException"/> when a TorchScript spec names no usable file.
    /// </summary>
    public static string ModelFileOf(string specJson)
    {
        JsonDocument document;
        try { document = JsonDocument.Parse(specJson); }
        catch (JsonException) { return WeightsFileName; }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String || format.GetString() != TorchScriptFormat)
                return WeightsFileName;
            if (!root.TryGetProperty("file", out var file) || file.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(file.GetString()))
                throw new InvalidDataException($"{SpecFileName} declares a TorchScript model but names no \"file\": give the TorchScript file's name beside {SpecFileName}, e.g. \"file\": \"model.pt\".");
            string name = file.GetString()!;
            if (!IsPlainFileName(name))
                throw new InvalidDataException($"{SpecFileName} names the file '{name}'; it must be a plain file name beside {SpecFileName} (no folders), other than {SpecFileName}, e.g. \"model.pt\".");
            return name;
        }
    }

    private static bool IsPlainFileName(string name) =>
        name.Length <= 255 && name is not ("." or "..") && name != SpecFileName
        && name.IndexOfAny(['/', '\\', '\0']) < 0 && !name.Any(char.IsControl);
}
