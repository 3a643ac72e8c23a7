using System.Collections.Concurrent;
using MtlAttack.Api.Contracts;

namespace MtlAttack.Api.Tenancy;

/// <summary>
/// Resolves the <c>X-Api-Key</c> header to the caller's tenant for every endpoint it guards, and answers 401 for a
/// missing or unknown key. Known keys are cached for a minute (the lookup is a database round trip), so a revoked key
/// stops working within a minute; unknown ones are not cached, so a key created a moment ago works at once.
/// </summary>
public sealed class CallerTenant(SqlTenantDirectory directory, TimeProvider clock) : IEndpointFilter
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(1);
    private const string ItemKey = "mtlattack.tenant";
    private readonly ConcurrentDictionary<string, (string Tenant, DateTimeOffset Until)> known = new(StringComparer.Ordinal);

    /// <summary>The tenant this request was authenticated as (set by the filter before any guarded endpoint runs).</summary>
    public static string Of(HttpContext context) =>
        context.Items[ItemKey] as string ?? throw new InvalidOperationException("The endpoint is not guarded by the API key filter.");

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        string? key = http.Request.Headers[ApiHeaders.ApiKey];
        if (string.IsNullOrWhiteSpace(key))
            return Unauthorized($"Send your API key in the {ApiHeaders.ApiKey} header ('mtlattack tenants create NAME' prints a new tenant's key).");
        string hash = ApiKey.Hash(key.Trim());
        string? tenant = known.TryGetValue(hash, out var hit) && hit.Until > clock.GetUtcNow() ? hit.Tenant : null;
        if (tenant is null)
        {
            tenant = await directory.FindTenantAsync(hash, http.RequestAborted);
            if (tenant is null) return Unauthorized($"The API key in the {ApiHeaders.ApiKey} header is not known here; check it, or ask for a new one.");
            known[hash] = (tenant, clock.GetUtcNow() + CacheFor);
        }
        http.Items[ItemKey] = tenant;
        return await next(context);
    }

    private static IResult Unauthorized(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", detail: detail);
}
