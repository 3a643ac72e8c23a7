using System.Text.RegularExpressions;

namespace MtlAttack.Core.Models.Import;

/// <summary>
/// Interprets the calls a <c>torch.save(state_dict)</c> pickle makes (REDUCE, BUILD and BINPERSID) without running
/// Python: an OrderedDict becomes a <see cref="PickleDict"/>, a persistent id becomes a <see cref="StorageReference"/>,
/// a <c>_rebuild_*</c> call becomes a <see cref="TensorReference"/>. Arguments are checked to have exactly the
/// shape torch writes; anything else is refused.
/// </summary>
internal sealed partial class TorchPickleCalls(string source)
{
    private readonly Dictionary<string, StorageReference> storages = new(StringComparer.Ordinal);

    public object Call(object? callable, object? arguments)
    {
        if (callable is not AllowedGlobal global)
            throw Malformed($"REDUCE calls {PickleText.Describe(callable)}, which is not callable");
        if (arguments is not object?[] args)
            throw Malformed($"REDUCE passes {PickleText.Describe(arguments)} to {global.QualifiedName} instead of an argument tuple");

        return global.Kind switch
        {
            AllowedGlobalKind.OrderedDict => NewOrderedDict(args),
            AllowedGlobalKind.RebuildTensor => RebuildTensor(global, args, 4),
            AllowedGlobalKind.RebuildTensorV2 => RebuildTensorV2(global, args),
            AllowedGlobalKind.RebuildParameter => RebuildParameter(global, args, 3),
            AllowedGlobalKind.RebuildParameterWithState => RebuildParameter(global, args, 4),
            AllowedGlobalKind.RebuildFromTypeV2 => RebuildFromType(global, args),
            AllowedGlobalKind.Set => NewSet(global, args),
            // Storage and tensor classes appear in a torch pickle only as markers; torch never calls them.
            _ => throw new UnsafePickleException($"{source}: its pickle calls {global.QualifiedName}(…), which torch.save never does for a state dict; "
                + "refusing to load it (nothing from the file was run).", global.QualifiedName),
        };
    }

    /// <summary>
    /// BUILD sets an object's attributes: an OrderedDict's <c>_metadata</c>, which is not needed, or an allow-listed
    /// record's <c>__dict__</c>, once.
    /// </summary>
    public void Build(object? target, object? state)
    {
        if (target is PickleRecord record)
        {
            if (record.IsBuilt || state is not PickleDict attributes || attributes.Items.Any(kv => kv.Key is not string))
                throw Malformed($"BUILD sets the state of a {record.ClassName} from {PickleText.Describe(state)}; a plain object's state is one dict of attribute names");
            record.SetAttributes(attributes);
            return;
        }
        bool plainState = state is null or PickleDict || (state is object?[] { Length: 2 } pair && pair.All(p => p is null or PickleDict));
        if (target is PickleDict && plainState) return;
        throw Malformed($"BUILD sets the state of {PickleText.Describe(target)} from {PickleText.Describe(state)}; only an OrderedDict's attributes may be set");
    }

    /// <summary>torch's persistent id for a storage: <c>('storage', storage type, key, location, element count)</c>.</summary>
    public StorageReference PersistentLoad(object? pid)
    {
        if (pid is not object?[] { Length: 5 } parts || parts[0] is not "storage")
            throw Malformed($"a persistent id is {PickleText.Describe(pid)}, not ('storage', type, key, location, size)");
        if (parts[1] is not AllowedGlobal { Kind: AllowedGlobalKind.StorageType, StorageDType: { } dtype } type)
            throw Malformed($"a persistent id names {PickleText.Describe(parts[1])} as its storage type");
        if (parts[2] is not string key || !StorageKey().IsMatch(key))
            throw Malformed($"a persistent id has storage key {PickleText.Describe(parts[2])}; torch writes a short name of letters and digits");
        if (parts[3] is not string location)
            throw Malformed($"storage '{key}' has location {PickleText.Describe(parts[3])}, not a device name");
        if (parts[4] is not long count || count < 0)
            throw Malformed($"storage '{key}' has size {PickleText.Describe(parts[4])}");

        var storage = new StorageReference(key, dtype, count, location);
        if (storages.TryGetValue(key, out var earlier))
        {
            if (earlier.DType != storage.DType || earlier.ElementCount != storage.ElementCount)
                throw Malformed($"storage '{key}' is named twice with different types or sizes ({earlier.DType}[{earlier.ElementCount}] and {type.Name}[{count}])");
            return earlier;
        }
        storages[key] = storage;
        return storage;
    }

    // set(iterable): pickle passes the items as one list.
    private PickleSet NewSet(AllowedGlobal global, object?[] args)
    {
        var set = new PickleSet();
        if (args.Length == 0) return set;
        if (args is not [List<object?> items])
            throw Malformed($"{global.QualifiedName} is called with {PickleText.Describe(args.Length == 1 ? args[0] : args)}; pickle passes one list of items");
        foreach (var item in items)
        {
            if (item is not (null or bool or long or double or string))
                throw Malformed($"a set holds {PickleText.Describe(item)}; only numbers and strings are read");
            set.Add(item);
        }
        return set;
    }

    private PickleDict NewOrderedDict(object?[] args)
    {
        var dict = new PickleDict();
        if (args.Length == 0) return dict;
        IEnumerable<object?>? pairs = args switch { [List<object?> list] => list, [object?[] tuple] => tuple, _ => null };
        if (pairs is null)
            throw Malformed($"OrderedDict is built from {PickleText.Describe(args.Length == 1 ? args[0] : args)}; torch passes nothing or a sequence of pairs");
        foreach (var pair in pairs)
        {
            if (pair is not object?[] { Length: 2 } kv) throw Malformed($"an OrderedDict item is {PickleText.Describe(pair)}, not a (key, value) pair");
            dict.Set(kv[0], kv[1], Malformed);
        }
        return dict;
    }

    // _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
    private TensorReference RebuildTensorV2(AllowedGlobal global, object?[] args)
    {
        if (args.Length is not (6 or 7))
            throw Malformed($"{global.Name} gets {args.Length} arguments; torch passes 6 or 7");
        RequireBool(global, args[4], "requires_grad");
        RequireEmpty(global, args[5], "backward hooks");
        // Tensor metadata carries the conjugate and negative bits; a set bit would change the values, so refuse it.
        if (args.Length == 7) RequireEmpty(global, args[6], "tensor metadata");
        return RebuildTensor(global, args[..4], 4);
    }

    // _rebuild_tensor(storage, storage_offset, size, stride)
    private TensorReference RebuildTensor(AllowedGlobal global, object?[] args, int count)
    {
        if (args.Length != count) throw Malformed($"{global.Name} gets {args.Length} arguments; torch passes {count}");
        if (args[0] is not StorageReference storage)
            throw Malformed($"{global.Name} rebuilds a tensor from {PickleText.Describe(args[0])} instead of a storage");
        if (args[1] is not long offset) throw Malformed($"{global.Name} has storage offset {PickleText.Describe(args[1])}");
        var size = Integers(global, args[2], "size");
        var stride = Integers(global, args[3], "stride");
        if (size.Length != stride.Length)
            throw Malformed($"{global.Name} gives {size.Length} sizes but {stride.Length} strides");
        return new TensorReference(storage, offset, size, stride);
    }

    // _rebuild_parameter(data, requires_grad, backward_hooks) and _rebuild_parameter_with_state(…, state)
    private TensorReference RebuildParameter(AllowedGlobal global, object?[] args, int count)
    {
        if (args.Length != count) throw Malformed($"{global.Name} gets {args.Length} arguments; torch passes {count}");
        if (args[0] is not TensorReference tensor) throw Malformed($"{global.Name} wraps {PickleText.Describe(args[0])} instead of a tensor");
        RequireBool(global, args[1], "requires_grad");
        RequireEmpty(global, args[2], "backward hooks");
        if (count == 4) RequireEmpty(global, args[3], "parameter state");
        return tensor;
    }

    // _rebuild_from_type_v2(func, new_type, args, state): a tensor subclass; only Tensor and Parameter are plain.
    private object RebuildFromType(AllowedGlobal global, object?[] args)
    {
        if (args.Length != 4) throw Malformed($"{global.Name} gets {args.Length} arguments; torch passes 4");
        if (args[1] is not AllowedGlobal { Kind: AllowedGlobalKind.TensorType or AllowedGlobalKind.ParameterType })
            throw Malformed($"{global.Name} makes {PickleText.Describe(args[1])}; only torch.Tensor and torch.nn.Parameter are read");
        RequireEmpty(global, args[3], "tensor state");
        var inner = Call(args[0], args[2]);
        return inner is TensorReference ? inner : throw Malformed($"{global.Name} rebuilds {PickleText.Describe(inner)} instead of a tensor");
    }

    private long[] Integers(AllowedGlobal global, object? value, string what)
    {
        if (value is not object?[] items) throw Malformed($"{global.Name} has {what} {PickleText.Describe(value)}, not a tuple of ints");
        var result = new long[items.Length];
        for (int i = 0; i < items.Length; i++)
            result[i] = items[i] is long l ? l : throw Malformed($"{global.Name} has a {what} entry {PickleText.Describe(items[i])}, not an int");
        return result;
    }

    private void RequireBool(AllowedGlobal global, object? value, string what)
    {
        if (value is not bool) throw Malformed($"{global.Name} has {what} {PickleText.Describe(value)}, not a bool");
    }

    private void RequireEmpty(AllowedGlobal global, object? value, string what)
    {
        if (value is null || value is PickleDict { Count: 0 }) return;
        throw Malformed($"{global.Name} has {what} {PickleText.Describe(value)}; a state dict's tensors have none");
    }

    private PyTorchFormatException Malformed(string problem) => new($"{source}: its pickle is not a state dict torch.save writes: {problem}.");

    [GeneratedRegex("^[A-Za-z0-9_]{1,64}$")]
    private static partial Regex StorageKey();
}
