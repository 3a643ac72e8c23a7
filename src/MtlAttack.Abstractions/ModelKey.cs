using System.Text.RegularExpressions;

namespace MtlAttack.Abstractions;

/// <summary>
/// A registered model's identity, <c>tenant/model</c>: the key of its model grain. Both parts are
/// lower-case names (letters, digits, '-', '_', '.'), 1-64 characters, starting with a letter or digit.
/// </summary>
[GenerateSerializer, Immutable]
public readonly partial record struct ModelKey([property: Id(0)] string Tenant, [property: Id(1)] string Model)
{
    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$")]
    private static partial Regex NamePattern();

    public static ModelKey Parse(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var parts = key.Split('/');
        if (parts.Length != 2)
            throw new FormatException($"Model key '{key}' must have the form tenant/model.");
        return Create(parts[0], parts[1]);
    }

    public static ModelKey Create(string tenant, string model)
    {
        ValidateName(tenant, "tenant");
        ValidateName(model, "model");
        return new ModelKey(tenant, model);
    }

    public static void ValidateName(string name, string what)
    {
        if (string.IsNullOrEmpty(name) || !NamePattern().IsMatch(name))
            throw new FormatException($"The {what} name '{name}' is invalid: use 1-64 lower-case letters, digits, '.', '-' or '_', starting with a letter or digit.");
    }

    public override string ToString() => $"{Tenant}/{Model}";
}
