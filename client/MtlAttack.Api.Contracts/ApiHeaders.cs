namespace MtlAttack.Api.Contracts;

/// <summary>The HTTP headers the API reads.</summary>
public static class ApiHeaders
{
    /// <summary>The caller's API key (<c>mtlattack tenants create NAME</c> prints one); every endpoint but health needs it.</summary>
    public const string ApiKey = "X-Api-Key";
}
