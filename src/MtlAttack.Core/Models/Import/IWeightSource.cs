using MtlAttack.Core.Models.Architecture;
using static TorchSharp.torch;

namespace MtlAttack.Core.Models.Import;

/// <summary>
/// A weights file opened and checked for format, whose entries (names, dtypes, shapes) are known before any tensor
/// data is read, so a file that does not fit the network is refused before anything is allocated for it.
/// </summary>
internal interface IWeightSource : IDisposable
{
    string Path { get; }

    /// <summary>Short name of the format, recorded in the imported network's provenance.</summary>
    string FormatName { get; }

    IReadOnlyList<StateTensor> Entries { get; }

    /// <summary>The tensor onto the CPU with its stored dtype and shape; the caller disposes it.</summary>
    Tensor Read(StateTensor entry);
}
