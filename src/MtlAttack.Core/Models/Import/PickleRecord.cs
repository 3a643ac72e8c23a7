namespace MtlAttack.Core.Models.Import;

/// <summary>
/// An instance of an allow-listed plain-data class (see <see cref="PickleGlobals"/>), as the restricted unpickler
/// builds it from NEWOBJ and BUILD: only the class's name and the attribute dict the pickle gives, never the class
/// itself, so no Python code runs and the caller reads the attributes as plain values.
/// </summary>
internal sealed class PickleRecord(string className)
{
    public string ClassName { get; } = className;

    /// <summary>The instance's <c>__dict__</c>; empty until the pickle's BUILD sets it.</summary>
    public PickleDict Attributes { get; private set; } = new();

    public bool IsBuilt { get; private set; }

    public void SetAttributes(PickleDict attributes)
    {
        Attributes = attributes;
        IsBuilt = true;
    }
}

/// <summary>A Python set (or the items a pickle adds to one) of plain values, in the order the pickle lists them.</summary>
internal sealed class PickleSet
{
    private readonly List<object?> items = [];

    public IReadOnlyList<object?> Items => items;

    public void Add(object? item)
    {
        if (!items.Contains(item)) items.Add(item);
    }
}
