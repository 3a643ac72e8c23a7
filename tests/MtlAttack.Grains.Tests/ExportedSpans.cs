using System.Collections;
using System.Diagnostics;

namespace MtlAttack.Grains.Tests;

/// <summary>
/// The spans an in-memory exporter hands over, safe to read while it still adds. The exporter adds from whichever thread
/// ends a span (the shared cluster's grains, other tests' silos) and takes no lock, so a test reading a plain List while
/// a span ended failed now and then ("Destination array was not long enough"). Every member locks; read through
/// <see cref="Snapshot"/>.
/// </summary>
public sealed class ExportedSpans : ICollection<Activity>
{
    private readonly List<Activity> spans = [];

    /// <summary>A copy of the spans exported so far.</summary>
    public List<Activity> Snapshot()
    {
        lock (spans) return [.. spans];
    }

    public void Add(Activity item)
    {
        lock (spans) spans.Add(item);
    }

    public void Clear()
    {
        lock (spans) spans.Clear();
    }

    public bool Contains(Activity item)
    {
        lock (spans) return spans.Contains(item);
    }

    public void CopyTo(Activity[] array, int arrayIndex)
    {
        lock (spans) spans.CopyTo(array, arrayIndex);
    }

    public bool Remove(Activity item)
    {
        lock (spans) return spans.Remove(item);
    }

    public int Count
    {
        get { lock (spans) return spans.Count; }
    }

    public bool IsReadOnly => false;

    public IEnumerator<Activity> GetEnumerator() => Snapshot().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
