namespace MtlAttack.Core.Models.Import;

/// <summary>
/// Picks the state dict out of what a <c>.pt</c>'s pickle built: a dict from names to tensors, at the top level or,
/// with <see cref="PyTorchImportOptions.StateDictKey"/>, one level down. Anything that is not a tensor where a
/// tensor belongs is refused with what it is instead.
/// </summary>
internal static class PickledStateDict
{
    public static IReadOnlyList<(string Name, TensorReference Tensor)> Select(object? root, string source, string? stateDictKey)
    {
        if (root is not PickleDict top)
            throw new PyTorchFormatException($"{source}: it holds {PickleText.Describe(root)}, not a state dict (a dict from names to tensors). "
                + "Export the weights with torch.save(model.state_dict()).");

        var stateDict = top;
        if (stateDictKey is not null)
        {
            if (!top.TryGet(stateDictKey, out var nested))
                throw new PyTorchFormatException($"{source}: its top-level dict has no key '{stateDictKey}' (StateDictKey); its keys are {KeyList(top)}.");
            stateDict = nested as PickleDict
                ?? throw new PyTorchFormatException($"{source}: its '{stateDictKey}' entry is {PickleText.Describe(nested)}, not a state dict.");
        }

        var tensors = new List<(string, TensorReference)>(stateDict.Count);
        foreach (var (key, value) in stateDict.Items)
        {
            if (key is not string name)
                throw new PyTorchFormatException($"{source}: a state-dict key is {PickleText.Describe(key)}; tensor names are strings.");
            if (value is TensorReference tensor)
            {
                tensors.Add((name, tensor));
                continue;
            }
            var hint = stateDictKey is null && value is PickleDict
                ? $" If the weights are inside it (a training checkpoint), import with StateDictKey = \"{PickleText.Printable(name)}\"."
                : "";
            throw new PyTorchFormatException($"{source}: entry '{PickleText.Printable(name)}' is {PickleText.Describe(value)}, not a tensor; "
                + $"a state dict holds only tensors.{hint}");
        }
        return tensors;
    }

    private static string KeyList(PickleDict dict) =>
        string.Join(", ", dict.Items.Take(8).Select(kv => kv.Key is string s ? $"'{PickleText.Printable(s)}'" : PickleText.Describe(kv.Key)))
        + (dict.Count > 8 ? ", …" : "");
}
