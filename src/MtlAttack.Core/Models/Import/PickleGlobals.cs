namespace MtlAttack.Core.Models.Import;

/// <summary>
/// The only Python globals a state-dict pickle may name: the OrderedDict that holds it, the functions torch uses to
/// rebuild a tensor or parameter from a storage, the typed storage classes of the dtypes MtlAttack reads, <c>set</c>,
/// and the plain-data records of known checkpoint formats (TreeMTL's <c>main.layout.Layout</c>), which are read as
/// their attribute dicts and never instantiated. Anything else (<c>os.system</c>, <c>builtins.eval</c>, a model
/// class) is refused by name.
/// </summary>
internal static class PickleGlobals
{
    private static readonly Dictionary<(string Module, string Name), AllowedGlobal> Allowed = new[]
    {
        new AllowedGlobal("collections", "OrderedDict", AllowedGlobalKind.OrderedDict),
        new AllowedGlobal("torch._utils", "_rebuild_tensor", AllowedGlobalKind.RebuildTensor),
        new AllowedGlobal("torch._utils", "_rebuild_tensor_v2", AllowedGlobalKind.RebuildTensorV2),
        new AllowedGlobal("torch._utils", "_rebuild_parameter", AllowedGlobalKind.RebuildParameter),
        new AllowedGlobal("torch._utils", "_rebuild_parameter_with_state", AllowedGlobalKind.RebuildParameterWithState),
        new AllowedGlobal("torch._tensor", "_rebuild_from_type_v2", AllowedGlobalKind.RebuildFromTypeV2),
        new AllowedGlobal("torch", "Tensor", AllowedGlobalKind.TensorType),
        new AllowedGlobal("torch._tensor", "Tensor", AllowedGlobalKind.TensorType),
        new AllowedGlobal("torch.nn.parameter", "Parameter", AllowedGlobalKind.ParameterType),
        new AllowedGlobal("builtins", "set", AllowedGlobalKind.Set),
        // Protocol 2 names builtins by their Python 2 module.
        new AllowedGlobal("__builtin__", "set", AllowedGlobalKind.Set),
        // TreeMTL saves its sharing layout (T, B and the task sets of every block) with the weights.
        new AllowedGlobal(TreeMtlLayoutModule, TreeMtlLayoutClass, AllowedGlobalKind.Record),
    }.Concat(WeightDTypes.StorageClasses.Select(s => new AllowedGlobal("torch", s.StorageClass, AllowedGlobalKind.StorageType, s.Type)))
        .ToDictionary(g => (g.Module, g.Name));

    public const string TreeMtlLayoutModule = "main.layout";
    public const string TreeMtlLayoutClass = "Layout";

    public static IEnumerable<string> SupportedStorageTypes =>
        Allowed.Values.Where(g => g.Kind == AllowedGlobalKind.StorageType).Select(g => g.QualifiedName);

    /// <summary>The marker for a whitelisted global; throws naming the global for any other.</summary>
    public static AllowedGlobal Resolve(string module, string name, string source)
    {
        if (Allowed.TryGetValue((module, name), out var global)) return global;
        // Other storage types (complex, quantized, untyped) are harmless but hold nothing a MultiTaskNetwork can use:
        // say so rather than calling them unsafe.
        if (module == "torch" && name.EndsWith("Storage", StringComparison.Ordinal))
            throw new PyTorchFormatException($"{source}: it stores a tensor as torch.{PickleText.Printable(name)}, which MtlAttack does not read "
                + $"(it reads {string.Join(", ", SupportedStorageTypes)}).");
        throw UnsafePickleException.ForGlobal(source, module, name);
    }
}
