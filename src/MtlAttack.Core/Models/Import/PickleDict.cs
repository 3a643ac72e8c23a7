namespace MtlAttack.Core.Models.Import;

/// <summary>
/// A Python dict or OrderedDict as the restricted unpickler builds it: insertion-ordered, with only the key types a
/// state dict and its <c>_metadata</c> use (str, int, bool), so keys compare the way Python compares them.
/// </summary>
internal sealed class PickleDict
{
    private readonly OrderedDictionary<object, object?> items = new();

    public int Count => items.Count;

    public IEnumerable<KeyValuePair<object, object?>> Items => items;

    public void Set(object? key, object? value, Func<string, Exception> malformed)
    {
        if (key is not (string or long or bool))
            throw malformed($"a dict key is {PickleText.Describe(key)}; a state dict is keyed by str");
        items[key] = value;
    }

    public bool TryGet(string key, out object? value) => items.TryGetValue(key, out value);
}
