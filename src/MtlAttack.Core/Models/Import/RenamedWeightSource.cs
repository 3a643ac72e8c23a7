using MtlAttack.Core.Models.Architecture;
using static TorchSharp.torch;

namespace MtlAttack.Core.Models.Import;

/// <summary>
/// A weights file seen under other names: a format whose modules are named unlike a <see cref="MultiTaskNetwork"/>'s
/// (TreeMTL's <c>backbone.mtl_blocks.{k}…</c>) is mapped onto the network's names, and the loader then checks and
/// copies it as any other file. A name the mapping leaves alone is kept, so the loader reports it as unexpected.
/// </summary>
internal sealed class RenamedWeightSource : IWeightSource
{
    private readonly IWeightSource inner;
    private readonly Dictionary<string, StateTensor> originals = new(StringComparer.Ordinal);

    public RenamedWeightSource(IWeightSource inner, IReadOnlyDictionary<string, string> newNames)
    {
        this.inner = inner;
        var entries = new List<StateTensor>(inner.Entries.Count);
        foreach (var entry in inner.Entries)
        {
            var renamed = newNames.TryGetValue(entry.Name, out var name) ? entry with { Name = name } : entry;
            if (!originals.TryAdd(renamed.Name, entry))
                throw new CheckpointException($"{inner.Path}: tensors '{originals[renamed.Name].Name}' and '{entry.Name}' would both load into '{renamed.Name}'.");
            entries.Add(renamed);
        }
        Entries = entries;
    }

    public string Path => inner.Path;

    public string FormatName => inner.FormatName;

    public IReadOnlyList<StateTensor> Entries { get; }

    public Tensor Read(StateTensor entry) => inner.Read(originals[entry.Name]);

    public void Dispose() => inner.Dispose();
}
