using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace MtlAttack.Core.IO;

/// <summary>The header dictionary of a .npy file (format versions 1.0, 2.0 and 3.0).</summary>
internal sealed partial record NpyHeader(NpyDType DType, bool BigEndian, bool FortranOrder, long[] Shape)
{
    public static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>numpy aligns the start of the data to this many bytes.</summary>
    private const int Alignment = 64;

    /// <summary>Parses the dictionary literal; <paramref name="source"/> names the file in errors.</summary>
    public static NpyHeader Parse(string text, string source)
    {
        if (StructuredDescr().IsMatch(text))
            throw Unusable(source, "holds a structured (record) dtype; expected a plain numeric array");
        var descr = DescrEntry().Match(text);
        var fortran = FortranEntry().Match(text);
        var shape = ShapeEntry().Match(text);
        if (!descr.Success || !fortran.Success || !shape.Success)
            throw Unusable(source, $"has a malformed header {Quote(text)}; expected a dictionary with 'descr', 'fortran_order' and 'shape'");
        var parsed = NpyDTypes.TryParseDescr(descr.Groups[1].Value)
            ?? throw Unusable(source, $"has dtype '{descr.Groups[1].Value}'; expected one of float32, float64, uint8, int8, uint16, int16, int32, int64, bool");
        var dims = new List<long>();
        foreach (var part in shape.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            // Python 2 era files may write long integers as 480L.
            if (!long.TryParse(part.TrimEnd('L'), NumberStyles.None, CultureInfo.InvariantCulture, out var dim))
                throw Unusable(source, $"has a malformed shape ({shape.Groups[1].Value}); expected a tuple of non-negative integers");
            dims.Add(dim);
        }
        return new NpyHeader(parsed.DType, parsed.BigEndian, fortran.Groups[1].Value == "True", dims.ToArray());
    }

    /// <summary>The complete preamble (magic, version, length, padded dictionary) for a little-endian C-order array.</summary>
    public static byte[] Encode(NpyDType dtype, IReadOnlyList<long> shape)
    {
        string dictionary = $"{{'descr': '{dtype.Descr()}', 'fortran_order': False, 'shape': {NpyArray.FormatShape(shape)}, }}";
        // Version 1.0 stores the header length in 2 bytes; larger headers (huge ranks) need version 2.0.
        bool v1 = dictionary.Length + 1 + 10 <= ushort.MaxValue;
        int prefix = Magic.Length + 2 + (v1 ? 2 : 4);
        int padded = (prefix + dictionary.Length + 1 + Alignment - 1) / Alignment * Alignment;
        string header = dictionary.PadRight(padded - prefix - 1) + "\n";

        var bytes = new byte[padded];
        Magic.CopyTo(bytes, 0);
        bytes[6] = (byte)(v1 ? 1 : 2);
        bytes[7] = 0;
        if (v1) BitConverter.TryWriteBytes(bytes.AsSpan(8, 2), (ushort)header.Length);
        else BitConverter.TryWriteBytes(bytes.AsSpan(8, 4), (uint)header.Length);
        Encoding.Latin1.GetBytes(header, bytes.AsSpan(prefix));
        return bytes;
    }

    private static DataFileException Unusable(string source, string problem) =>
        new(source, $"not a usable .npy file: it {problem}");

    private static string Quote(string text) => text.Length <= 120 ? $"\"{text.Trim()}\"" : $"\"{text[..120]}...\"";

    [GeneratedRegex(@"['""]descr['""]\s*:\s*\[")]
    private static partial Regex StructuredDescr();

    [GeneratedRegex(@"['""]descr['""]\s*:\s*['""]([^'""]*)['""]")]
    private static partial Regex DescrEntry();

    [GeneratedRegex(@"['""]fortran_order['""]\s*:\s*(True|False)")]
    private static partial Regex FortranEntry();

    [GeneratedRegex(@"['""]shape['""]\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapeEntry();
}
