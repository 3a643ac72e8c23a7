using System.Globalization;
using System.Text.RegularExpressions;

namespace MtlAttack.Api.Endpoints;

/// <summary>
/// Keeps what a caller sent from being echoed whole into answers and logs: messages quote the input they refuse
/// (<c>Unknown attack algorithm '...'</c>), and a megabyte-long input would otherwise come back, and be logged, in full.
/// Every quoted run longer than <see cref="MaxQuoted"/> is cut to its first characters and its length, and the text as
/// a whole to <see cref="MaxDetail"/>. A quote opens and closes where no letter or digit touches it from outside, so
/// that an apostrophe in prose (<c>model.json's tasks</c>) is not taken for one and the advice around it survives.
/// </summary>
public static partial class EchoedInput
{
    public const int MaxQuoted = 100;
    public const int MaxDetail = 2000;
    private const int Kept = 40;

    [GeneratedRegex("(?<!\\w)'(?:[^']|'(?=\\w)){101,}'(?!\\w)|\"[^\"]{101,}\"")]
    private static partial Regex LongQuote();

    public static string? Shorten(string? text)
    {
        if (text is null) return null;
        text = LongQuote().Replace(text, m => m.Value[0] + Cut(m.Value[1..^1]) + m.Value[0]);
        return text.Length <= MaxDetail ? text : Cut(text, MaxDetail);
    }

    private static string Cut(string value, int kept = Kept) =>
        string.Create(CultureInfo.InvariantCulture, $"{value[..kept]}… ({value.Length:N0} characters)");
}
