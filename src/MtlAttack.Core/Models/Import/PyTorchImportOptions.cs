namespace MtlAttack.Core.Models.Import;

/// <summary>
/// How <see cref="PyTorchImport"/> maps a file's tensor names onto a <see cref="MultiTaskNetwork"/>'s state-dict names
/// (see that class for the naming), and the size limits checked before anything is allocated. By default every name
/// must match exactly: no tensor may be missing and none may be left over.
/// </summary>
public sealed record PyTorchImportOptions
{
    /// <summary>The suffix of PyTorch's batch-norm step counters, which old exports and some frameworks leave out.</summary>
    public const string BatchNormCounterSuffix = "num_batches_tracked";

    public const long DefaultMaxPickleValues = 10_000_000;

    public static PyTorchImportOptions Default { get; } = new();

    /// <summary>
    /// Removed from the start of every file name that has it before matching, e.g. <c>module.</c>, which
    /// <c>torch.nn.DataParallel</c> and <c>DistributedDataParallel</c> put before every key.
    /// </summary>
    public string? StripPrefix { get; init; }

    /// <summary>
    /// Names (after <see cref="StripPrefix"/>) ending with one of these are skipped on both sides: the file need not
    /// have them, any it has are ignored, and the network keeps its own values. For example
    /// <c>[PyTorchImportOptions.BatchNormCounterSuffix]</c> for files without batch-norm step counters.
    /// </summary>
    public IReadOnlyList<string> IgnoredNameSuffixes { get; init; } = [];

    /// <summary>
    /// For a <c>.pt</c> that is a training checkpoint rather than a bare state dict: the key of its top-level dict
    /// whose value is the state dict (commonly <c>state_dict</c> or <c>model</c>). The other entries must still be
    /// plain values (numbers, strings, containers) and are ignored.
    /// </summary>
    public string? StateDictKey { get; init; }

    /// <summary>Largest <c>data.pkl</c> accepted; a state dict's pickle holds only names and tensor shapes.</summary>
    public long MaxPickleBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>
    /// Most values the pickle may build (about 40 bytes of memory each, from one byte of pickle); torch writes a few
    /// dozen per tensor.
    /// </summary>
    public long MaxPickleValues { get; init; } = DefaultMaxPickleValues;

    /// <summary>Largest single storage or tensor; each is read in one piece.</summary>
    public long MaxTensorBytes { get; init; } = int.MaxValue;

    public int MaxTensorCount { get; init; } = 100_000;

    /// <summary>The name a file's tensor is matched under, or null when it is ignored.</summary>
    internal string? MapFileName(string name)
    {
        if (!string.IsNullOrEmpty(StripPrefix) && name.StartsWith(StripPrefix, StringComparison.Ordinal)) name = name[StripPrefix.Length..];
        return IsIgnored(name) ? null : name;
    }

    internal bool IsIgnored(string name) => IgnoredNameSuffixes.Any(suffix => !string.IsNullOrEmpty(suffix) && name.EndsWith(suffix, StringComparison.Ordinal));
}
