namespace MtlAttack.Client.Tests;

internal static class TestClient
{
    public const string Key = "key-123";
    public static readonly Uri Server = new("http://mtl.test/");

    public static MtlAttackClient For(FakeApi api, string? apiKey = Key) => new(new HttpClient(api) { BaseAddress = Server }, apiKey);
}
