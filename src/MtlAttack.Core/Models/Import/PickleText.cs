namespace MtlAttack.Core.Models.Import;

/// <summary>Text from a hostile file made safe and short enough to put in an error message.</summary>
internal static class PickleText
{
    private const int MaxLength = 200;

    public static string Printable(string text) =>
        string.Concat(text.Take(MaxLength).Select(c => char.IsControl(c) ? $"\\x{(int)c:x2}" : c.ToString())) + (text.Length > MaxLength ? "…" : "");

    /// <summary>How Python would name the value's type, with a hint of the value where that helps.</summary>
    public static string Describe(object? value) => value switch
    {
        null => "None",
        bool b => $"a bool ({(b ? "True" : "False")})",
        long l => $"an int ({l})",
        double d => $"a float ({d})",
        string s => $"a str ('{Printable(s)}')",
        byte[] bytes => $"bytes ({bytes.Length} long)",
        List<object?> list => $"a list ({list.Count} items)",
        object?[] tuple => $"a tuple ({tuple.Length} items)",
        PickleDict dict => $"a dict ({dict.Count} entries)",
        StorageReference => "a bare storage (not a tensor)",
        TensorReference => "a tensor",
        AllowedGlobal global => $"the Python object {global.QualifiedName}",
        PickleRecord record => $"a {Printable(record.ClassName)} object",
        PickleSet set => $"a set ({set.Items.Count} items)",
        _ => value.GetType().Name,
    };
}
