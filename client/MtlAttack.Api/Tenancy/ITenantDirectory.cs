namespace MtlAttack.Api.Tenancy;

/// <summary>Tenants and the hashes of their API keys.</summary>
public interface ITenantDirectory
{
    /// <summary>Creates the tenant and returns its first API key (the only time the key is seen).</summary>
    /// <exception cref="TenantExistsException">The name is taken.</exception>
    Task<string> CreateTenantAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Issues another key for an existing tenant (for rotation); throws <see cref="KeyNotFoundException"/> for an unknown tenant.</summary>
    Task<string> AddKeyAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Withdraws the key whose hash is <paramref name="keyHash"/>; returns the tenant it belonged to, or null when no key has that hash.</summary>
    Task<string?> RevokeKeyAsync(string keyHash, CancellationToken cancellationToken = default);

    /// <summary>The tenant a key hash belongs to, or null.</summary>
    Task<string?> FindTenantAsync(string keyHash, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<TenantRecord>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Checks that the store can be used now (for readiness); throws what using it would throw.</summary>
    Task PingAsync(CancellationToken cancellationToken = default);
}

public sealed record TenantRecord(string Name, DateTimeOffset Created, int Keys);

public sealed class TenantExistsException(string name) : Exception($"Tenant '{name}' already exists; pick another name, or issue it another key.");
