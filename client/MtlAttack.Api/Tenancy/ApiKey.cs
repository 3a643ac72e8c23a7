using System.Security.Cryptography;
using System.Text;

namespace MtlAttack.Api.Tenancy;

/// <summary>
/// API keys: 256 random bits, shown once at creation. Only their SHA-256 is stored; a slow password hash buys
/// nothing for keys with that much entropy, and a plain hash lets the store look a key up by its hash.
/// </summary>
public static class ApiKey
{
    private const string Prefix = "mtl_";

    public static string Generate() => Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
