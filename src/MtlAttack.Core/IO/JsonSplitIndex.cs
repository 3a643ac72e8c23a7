using System.Text.Json;

namespace MtlAttack.Core.IO;

/// <summary>
/// A split index file as the reference loaders use it (AdaShare's <c>nyu_v2_3task.json</c>, <c>taskonomy.json</c>):
/// a JSON object whose array members are splits, each a list of fixed-length lists of file paths relative to the data root.
/// Other members (e.g. <c>num_classes</c>) are kept as properties.
/// </summary>
public sealed class JsonSplitIndex
{
    private JsonSplitIndex(string path, IReadOnlyDictionary<string, IReadOnlyList<string[]>> splits, IReadOnlyDictionary<string, JsonElement> properties)
    {
        FilePath = path;
        Splits = splits;
        Properties = properties;
    }

    public string FilePath { get; }

    /// <summary>Split name to entries, in file order.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string[]>> Splits { get; }

    /// <summary>Members that are not splits, e.g. <c>num_classes</c>.</summary>
    public IReadOnlyDictionary<string, JsonElement> Properties { get; }

    /// <summary>
    /// Reads the index; every entry must hold <paramref name="entryLength"/> strings, described by
    /// <paramref name="entryShape"/> (e.g. <c>[image, seg, normal, depth]</c>) in errors.
    /// </summary>
    public static JsonSplitIndex Read(string path, int entryLength, string entryShape)
    {
        string expected = $"a JSON object {{\"train\": [{entryShape}, ...], \"test\": [...]}} of paths relative to the data root";
        DataFiles.RequireFile(path, expected);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException ex)
        {
            throw new DataFileException(path, $"is not valid JSON ({ex.Message.TrimEnd('.')}); expected {expected}", ex);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new DataFileException(path, $"holds a JSON {document.RootElement.ValueKind}; expected {expected}");

            var splits = new Dictionary<string, IReadOnlyList<string[]>>();
            var properties = new Dictionary<string, JsonElement>();
            foreach (var member in document.RootElement.EnumerateObject())
            {
                if (member.Value.ValueKind != JsonValueKind.Array)
                {
                    properties[member.Name] = member.Value.Clone();
                    continue;
                }
                var entries = new List<string[]>();
                int position = 0;
                foreach (var entry in member.Value.EnumerateArray())
                {
                    if (entry.ValueKind != JsonValueKind.Array || entry.GetArrayLength() != entryLength
                        || entry.EnumerateArray().Any(p => p.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(p.GetString())))
                        throw new DataFileException(path, $"entry {position} of split \"{member.Name}\" is {Abbreviate(entry.GetRawText())}; expected {entryLength} paths {entryShape}");
                    entries.Add(entry.EnumerateArray().Select(p => p.GetString()!).ToArray());
                    position++;
                }
                splits[member.Name] = entries;
            }
            if (splits.Count == 0)
                throw new DataFileException(path, $"has no split lists; expected {expected}");
            return new JsonSplitIndex(path, splits, properties);
        }
    }

    /// <summary>The entries of one split; an unknown split is an error naming the dataset and its splits.</summary>
    public IReadOnlyList<string[]> Entries(string split, string datasetDescription) =>
        Splits.TryGetValue(split, out var entries)
            ? entries
            : throw new ArgumentException($"Unknown split '{split}' of {datasetDescription}; its splits are {string.Join(", ", Splits.Keys.Select(s => $"'{s}'"))}.", nameof(split));

    /// <summary>An optional positive integer member such as <c>num_classes</c>.</summary>
    public int? PositiveInt(string name)
    {
        if (!Properties.TryGetValue(name, out var value)) return null;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number > 0) return number;
        throw new DataFileException(FilePath, $"has \"{name}\": {Abbreviate(value.GetRawText())}; expected a positive integer");
    }

    /// <summary>Writes an index in the same shape, splits first, then the properties.</summary>
    public static void Write(string path, IReadOnlyDictionary<string, IReadOnlyList<string[]>> splits, IReadOnlyDictionary<string, object>? properties = null)
    {
        var members = new OrderedDictionary<string, object>(splits.Select(kv => KeyValuePair.Create(kv.Key, (object)kv.Value)));
        foreach (var (name, value) in properties ?? new Dictionary<string, object>()) members.Add(name, value);
        using var stream = File.Create(path);
        JsonSerializer.Serialize(stream, members, new JsonSerializerOptions { WriteIndented = true });
    }

    private static string Abbreviate(string json) => json.Length <= 80 ? json : json[..80] + "...";
}
