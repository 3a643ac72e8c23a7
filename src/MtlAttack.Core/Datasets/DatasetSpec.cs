using System.Globalization;
using MtlAttack.Core.Datasets.Synthetic;

namespace MtlAttack.Core.Datasets;

/// <summary>Where a dataset comes from.</summary>
public enum DatasetKind
{
    Synthetic,
    NyuV2,
    Mtan,
    Taskonomy,
}

/// <summary>
/// A dataset as users name it on the command line and in requests:
/// <c>synthetic[:count=N,size=S,seed=K,tasks=a+b,test=F]</c>, <c>nyuv2:PATH</c>, <c>mtan:PATH</c>, <c>taskonomy:PATH</c>;
/// the readers take <c>,size=S</c> (or <c>,size=HxW</c>) for the loader size and <c>,tasks=a+b</c> to load fewer tasks.
/// <see cref="ToString"/> gives the canonical text, which <see cref="Parse"/> reads back to an equal spec.
/// </summary>
public sealed record DatasetSpec
{
    public const string AcceptedForms =
        "synthetic[:count=N,size=S,seed=K,tasks=a+b,test=F] | nyuv2:PATH[,size=S|HxW][,tasks=a+b] | " +
        "mtan:PATH[,size=S|HxW][,tasks=a+b] | taskonomy:PATH[,size=S|HxW][,tasks=a+b]";

    public required DatasetKind Kind { get; init; }

    /// <summary>Data root for the readers; null for synthetic data.</summary>
    public string? Path { get; init; }

    /// <summary>Loader size override for the readers (null: the reader's default); for synthetic data, the scene size.</summary>
    public int? Height { get; init; }
    public int? Width { get; init; }

    /// <summary>Tasks to load, canonical names; null for all the dataset has.</summary>
    public IReadOnlyList<string>? Tasks { get; init; }

    /// <summary>Scene options, for <see cref="DatasetKind.Synthetic"/> only.</summary>
    public SyntheticSceneOptions? Synthetic { get; init; }

    public static DatasetSpec Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) throw Invalid(text ?? "", "it is empty");
        text = text.Trim();
        int colon = text.IndexOf(':');
        string kindText = colon < 0 ? text : text[..colon];
        string rest = colon < 0 ? "" : text[(colon + 1)..];
        return kindText.ToLowerInvariant() switch
        {
            "synthetic" => ParseSynthetic(text, rest),
            "nyuv2" => ParseReader(text, DatasetKind.NyuV2, rest),
            "mtan" => ParseReader(text, DatasetKind.Mtan, rest),
            "taskonomy" => ParseReader(text, DatasetKind.Taskonomy, rest),
            _ => throw Invalid(text, $"'{kindText}' is not a dataset kind"),
        };
    }

    public static bool TryParse(string text, out DatasetSpec? spec, out string? error)
    {
        try
        {
            spec = Parse(text);
            error = null;
            return true;
        }
        catch (FormatException ex)
        {
            spec = null;
            error = ex.Message;
            return false;
        }
    }

    public override string ToString()
    {
        if (Kind == DatasetKind.Synthetic)
        {
            var o = Synthetic ?? new SyntheticSceneOptions();
            var text = $"synthetic:count={o.Count},size={o.Size},seed={o.Seed},tasks={string.Join('+', o.Tasks)}";
            return o.TestFraction == new SyntheticSceneOptions().TestFraction ? text : text + $",test={o.TestFraction.ToString(CultureInfo.InvariantCulture)}";
        }
        var kind = Kind switch { DatasetKind.NyuV2 => "nyuv2", DatasetKind.Mtan => "mtan", _ => "taskonomy" };
        var result = $"{kind}:{Path}";
        if (Height is { } h && Width is { } w) result += h == w ? $",size={h}" : $",size={h}x{w}";
        if (Tasks is { Count: > 0 }) result += $",tasks={string.Join('+', Tasks)}";
        return result;
    }

    public bool Equals(DatasetSpec? other) => other is not null && ToString() == other.ToString();

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());

    private static DatasetSpec ParseSynthetic(string text, string rest)
    {
        var options = new SyntheticSceneOptions();
        foreach (var (key, value) in Options(text, rest))
        {
            options = key switch
            {
                "count" => options with { Count = PositiveInt(text, key, value) },
                "size" => options with { Size = SquareSize(text, value) },
                "seed" => options with { Seed = Int(text, key, value) },
                "tasks" => options with { Tasks = TaskList(text, value) },
                "test" => options with { TestFraction = Fraction(text, value) },
                _ => throw Invalid(text, $"synthetic data has no option '{key}' (use count, size, seed, tasks, test)"),
            };
        }
        try
        {
            options.Validate();
        }
        catch (ArgumentException ex)
        {
            throw Invalid(text, UserMessages.Of(ex));
        }
        return new DatasetSpec { Kind = DatasetKind.Synthetic, Synthetic = options, Height = options.Size, Width = options.Size };
    }

    private static DatasetSpec ParseReader(string text, DatasetKind kind, string rest)
    {
        // Options trail the path; a path may itself contain commas, so only known trailing keys are options.
        var parts = rest.Split(',').ToList();
        var options = new List<(string Key, string Value)>();
        while (parts.Count > 1 && TrailingOption(parts[^1]) is { } option)
        {
            options.Insert(0, option);
            parts.RemoveAt(parts.Count - 1);
        }
        var path = string.Join(',', parts).Trim();
        if (path.Length == 0) throw Invalid(text, $"{kind.ToString().ToLowerInvariant()} needs a data folder after the colon");

        int? height = null, width = null;
        IReadOnlyList<string>? tasks = null;
        foreach (var (key, value) in options)
        {
            if (key == "size") (height, width) = Size(text, value);
            else tasks = TaskList(text, value);
        }
        return new DatasetSpec { Kind = kind, Path = path, Height = height, Width = width, Tasks = tasks };
    }

    private static (string Key, string Value)? TrailingOption(string part)
    {
        int equals = part.IndexOf('=');
        if (equals < 0) return null;
        var key = part[..equals].Trim().ToLowerInvariant();
        return key is "size" or "tasks" ? (key, part[(equals + 1)..].Trim()) : null;
    }

    private static IEnumerable<(string Key, string Value)> Options(string text, string rest)
    {
        foreach (var part in rest.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = part.IndexOf('=');
            if (equals <= 0) throw Invalid(text, $"'{part}' is not key=value");
            yield return (part[..equals].Trim().ToLowerInvariant(), part[(equals + 1)..].Trim());
        }
    }

    private static (int Height, int Width) Size(string text, string value)
    {
        var parts = value.ToLowerInvariant().Split('x');
        if (parts.Length == 1) { int s = PositiveInt(text, "size", parts[0]); return (s, s); }
        if (parts.Length == 2) return (PositiveInt(text, "size", parts[0]), PositiveInt(text, "size", parts[1]));
        throw Invalid(text, $"size '{value}' is not S or HxW");
    }

    private static int SquareSize(string text, string value)
    {
        var (height, width) = Size(text, value);
        return height == width ? height : throw Invalid(text, $"synthetic scenes are square; give size=S, not {value}");
    }

    private static int Int(string text, string key, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw Invalid(text, $"{key} '{value}' is not an integer");

    private static int PositiveInt(string text, string key, string value)
    {
        int number = Int(text, key, value);
        return number > 0 ? number : throw Invalid(text, $"{key} must be positive, got {number}");
    }

    private static double Fraction(string text, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw Invalid(text, $"test fraction '{value}' is not a number");

    private static IReadOnlyList<string> TaskList(string text, string value)
    {
        var names = value.Split('+', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (names.Length == 0) throw Invalid(text, "tasks= lists no task");
        try
        {
            return names.Select(DatasetSpecTasks.Canonical).Distinct().ToArray();
        }
        catch (ArgumentException ex)
        {
            throw Invalid(text, ex.Message.TrimEnd('.'));
        }
    }

    private static FormatException Invalid(string text, string problem) =>
        new($"Invalid dataset spec '{text}': {problem}. Accepted forms: {AcceptedForms}.");
}
