using MtlAttack.Api.Tenancy;

namespace MtlAttack.Silo.Tests.Clustered;

/// <summary>Tenants and API keys in a cluster's PostgreSQL: the store the API and <c>mtlattack tenants --postgres</c> share.</summary>
public sealed class PostgresTenantDirectoryTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [PostgresFact]
    public async Task KeysAreStoredHashedAndResolveToTheirTenant()
    {
        var directory = SqlTenantDirectory.Postgres(database.ConnectionString);
        string key = await directory.CreateTenantAsync("acme");
        string second = await directory.AddKeyAsync("acme");
        string other = await directory.CreateTenantAsync("globex");

        Assert.Equal("acme", await directory.FindTenantAsync(ApiKey.Hash(key)));
        Assert.Equal("acme", await directory.FindTenantAsync(ApiKey.Hash(second)));
        Assert.Equal("globex", await directory.FindTenantAsync(ApiKey.Hash(other)));
        Assert.Null(await directory.FindTenantAsync(ApiKey.Hash("mtl_unknown")));
        await Assert.ThrowsAsync<TenantExistsException>(() => directory.CreateTenantAsync("acme"));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => directory.AddKeyAsync("initech"));

        var tenants = await directory.ListAsync();
        Assert.Equal([("acme", 2), ("globex", 1)], tenants.Select(t => (t.Name, t.Keys)));
        // Only hashes are stored.
        Assert.Equal(0L, await database.Scalar($"SELECT COUNT(*) FROM mtlattack_api_keys WHERE key_hash = '{key}'"));
        Assert.Equal(3L, await database.Scalar("SELECT COUNT(*) FROM mtlattack_api_keys"));
        // A second process (the API next to the CLI) sees the same tenants.
        Assert.Equal("acme", await SqlTenantDirectory.Postgres(database.ConnectionString).FindTenantAsync(ApiKey.Hash(key)));

        Assert.Equal("acme", await directory.RevokeKeyAsync(ApiKey.Hash(key)));
        Assert.Null(await directory.FindTenantAsync(ApiKey.Hash(key)));
        Assert.Equal("acme", await directory.FindTenantAsync(ApiKey.Hash(second)));
        Assert.Null(await directory.RevokeKeyAsync(ApiKey.Hash(key)));
    }
}
