using System.Text.Json;

namespace MtlAttack.Core.Models.SafeTensors;

/// <summary>
/// Parses and fully validates the JSON header: <c>{"__metadata__": {..}, name: {dtype, shape, data_offsets}, ..}</c>.
/// Validation guarantees that every entry's byte length matches its dtype and shape and that the entries tile the
/// data section exactly (in offset order, no gap, no overlap, nothing left over).
/// </summary>
internal static class SafeTensorsHeader
{
    private const string MetadataKey = "__metadata__";

    /// <returns>The entries in header order, and the metadata.</returns>
    public static (List<SafeTensorEntry> Entries, Dictionary<string, string> Metadata) Parse(ReadOnlySpan<byte> json, long dataLength, string source, SafeTensorsLimits limits)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException e)
        {
            throw Corrupt(source, $"the header is not valid JSON ({e.Message})");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw Corrupt(source, $"the header must be a JSON object but is {document.RootElement.ValueKind}");

            var entries = new List<SafeTensorEntry>();
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!seen.Add(property.Name)) throw Corrupt(source, $"the header names '{property.Name}' twice");
                if (property.Name == MetadataKey)
                {
                    ReadMetadata(property.Value, metadata, source);
                    continue;
                }
                if (entries.Count >= limits.MaxTensorCount)
                    throw Corrupt(source, $"the header lists more than {limits.MaxTensorCount} tensors");
                entries.Add(ReadEntry(property.Name, property.Value, source, limits));
            }
            CheckTiling(entries, dataLength, source);
            return (entries, metadata);
        }
    }

    private static void ReadMetadata(JsonElement value, Dictionary<string, string> metadata, string source)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw Corrupt(source, $"{MetadataKey} must be an object of strings but is {value.ValueKind}");
        foreach (var item in value.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
                throw Corrupt(source, $"{MetadataKey} entry '{item.Name}' must be a string but is {item.Value.ValueKind}");
            if (!metadata.TryAdd(item.Name, item.Value.GetString()!))
                throw Corrupt(source, $"{MetadataKey} names '{item.Name}' twice");
        }
    }

    private static SafeTensorEntry ReadEntry(string name, JsonElement value, string source, SafeTensorsLimits limits)
    {
        if (name.Length == 0) throw Corrupt(source, "a tensor has an empty name");
        if (value.ValueKind != JsonValueKind.Object)
            throw Corrupt(source, $"tensor '{name}' must be described by an object but is {value.ValueKind}");

        string? dtypeName = null;
        long[]? shape = null, offsets = null;
        foreach (var field in value.EnumerateObject())
        {
            switch (field.Name)
            {
                case "dtype" when dtypeName is null:
                    dtypeName = field.Value.ValueKind == JsonValueKind.String
                        ? field.Value.GetString()
                        : throw Corrupt(source, $"tensor '{name}': dtype must be a string");
                    break;
                case "shape" when shape is null:
                    shape = ReadIntegers(field.Value, name, "shape", source);
                    break;
                case "data_offsets" when offsets is null:
                    offsets = ReadIntegers(field.Value, name, "data_offsets", source);
                    break;
                case "dtype" or "shape" or "data_offsets":
                    throw Corrupt(source, $"tensor '{name}' gives {field.Name} twice");
                default:
                    throw Corrupt(source, $"tensor '{name}' has an unknown field '{field.Name}' (expected dtype, shape, data_offsets)");
            }
        }
        if (dtypeName is null || shape is null || offsets is null)
            throw Corrupt(source, $"tensor '{name}' lacks {string.Join(" and ", new[] { dtypeName is null ? "dtype" : null, shape is null ? "shape" : null, offsets is null ? "data_offsets" : null }.OfType<string>())}");
        if (!WeightDTypes.TryParseSafeTensors(dtypeName, out var dtype))
            throw Corrupt(source, $"tensor '{name}' has dtype '{dtypeName}', which is not one of {string.Join(", ", WeightDTypes.SafeTensorsNames)}");
        if (offsets.Length != 2)
            throw Corrupt(source, $"tensor '{name}': data_offsets must be [begin, end] but has {offsets.Length} numbers");
        if (offsets[1] < offsets[0])
            throw Corrupt(source, $"tensor '{name}': data_offsets [{offsets[0]}, {offsets[1]}] end before they begin");

        long expectedBytes;
        try
        {
            expectedBytes = checked(shape.Aggregate(1L, (a, b) => checked(a * b)) * dtype.ElementSize());
        }
        catch (OverflowException)
        {
            throw Corrupt(source, $"tensor '{name}' has shape {SafeTensorEntry.FormatShape(shape)}, too large to exist");
        }
        if (offsets[1] - offsets[0] != expectedBytes)
            throw Corrupt(source, $"tensor '{name}' is {dtypeName} {SafeTensorEntry.FormatShape(shape)}, which needs {expectedBytes} bytes, but data_offsets [{offsets[0]}, {offsets[1]}] give {offsets[1] - offsets[0]}");
        if (expectedBytes > limits.MaxTensorBytes)
            throw Corrupt(source, $"tensor '{name}' has {expectedBytes} bytes, more than the limit of {limits.MaxTensorBytes}");
        return new SafeTensorEntry(name, dtype, shape, offsets[0], offsets[1]);
    }

    private static long[] ReadIntegers(JsonElement value, string name, string field, string source)
    {
        if (value.ValueKind != JsonValueKind.Array)
            throw Corrupt(source, $"tensor '{name}': {field} must be an array of non-negative integers");
        var numbers = new List<long>();
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out long number) || number < 0)
                throw Corrupt(source, $"tensor '{name}': {field} must contain non-negative integers, found {item.GetRawText()}");
            numbers.Add(number);
        }
        return numbers.ToArray();
    }

    private static void CheckTiling(List<SafeTensorEntry> entries, long dataLength, string source)
    {
        foreach (var entry in entries)
            if (entry.DataEnd > dataLength)
                throw Corrupt(source, $"tensor '{entry.Name}' ends at byte {entry.DataEnd} of the data section, which has only {dataLength} bytes (truncated file?)");

        long expected = 0;
        foreach (var entry in entries.OrderBy(e => e.DataBegin).ThenBy(e => e.DataEnd))
        {
            if (entry.DataBegin < expected)
                throw Corrupt(source, $"tensor '{entry.Name}' starts at byte {entry.DataBegin}, overlapping the tensor before it (which ends at {expected})");
            if (entry.DataBegin > expected)
                throw Corrupt(source, $"tensor '{entry.Name}' starts at byte {entry.DataBegin}, leaving a gap after byte {expected}");
            expected = entry.DataEnd;
        }
        if (expected != dataLength)
            throw Corrupt(source, $"the data section has {dataLength - expected} bytes after the last tensor that no tensor describes");
    }

    internal static SafeTensorsFormatException Corrupt(string source, string problem) => new($"{source}: {problem}.");
}
