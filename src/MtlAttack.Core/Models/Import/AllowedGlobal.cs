using static TorchSharp.torch;

namespace MtlAttack.Core.Models.Import;

/// <summary>What a whitelisted Python global stands for inside the restricted unpickler.</summary>
internal enum AllowedGlobalKind
{
    OrderedDict,
    RebuildTensor,
    RebuildTensorV2,
    RebuildParameter,
    RebuildParameterWithState,
    RebuildFromTypeV2,
    TensorType,
    ParameterType,
    StorageType,

    /// <summary><c>builtins.set</c>, called with a list of plain values.</summary>
    Set,

    /// <summary>A plain-data class whose instances become <see cref="PickleRecord"/>s (NEWOBJ with no arguments, then BUILD).</summary>
    Record,
}

/// <summary>
/// A marker for one whitelisted global. The unpickler never resolves it to code: it interprets the few calls a
/// state dict makes (building an OrderedDict, rebuilding a tensor from a storage) itself.
/// </summary>
internal sealed record AllowedGlobal(string Module, string Name, AllowedGlobalKind Kind, ScalarType? StorageDType = null)
{
    public string QualifiedName => Module + "." + Name;
}
