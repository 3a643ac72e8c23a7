using MtlAttack.Core.Models.Architecture;
using MtlAttack.Core.Models.SafeTensors;
using static TorchSharp.torch;

namespace MtlAttack.Core.Models.Import;

/// <summary>A safetensors file read with the checkpoint reader, so it gets the same header validation as a checkpoint.</summary>
internal sealed class SafeTensorsWeightSource : IWeightSource
{
    private readonly SafeTensorsReader reader;
    private readonly Dictionary<string, SafeTensorEntry> byName;

    private SafeTensorsWeightSource(SafeTensorsReader reader)
    {
        this.reader = reader;
        byName = reader.Entries.ToDictionary(e => e.Name, StringComparer.Ordinal);
        Entries = reader.Entries.Select(e => new StateTensor(e.Name, e.Shape, e.DType)).ToList();
    }

    public string Path => reader.Path;

    public string FormatName => "safetensors";

    public IReadOnlyList<StateTensor> Entries { get; }

    public static SafeTensorsWeightSource Open(string path, PyTorchImportOptions options) =>
        new(SafeTensorsReader.Open(path, new SafeTensorsLimits { MaxTensorBytes = options.MaxTensorBytes, MaxTensorCount = options.MaxTensorCount }));

    public Tensor Read(StateTensor entry) => reader.Read(byName[entry.Name]);

    public void Dispose() => reader.Dispose();
}
