namespace MtlAttack.Abstractions.Tests;

public class ModelKeyTests
{
    [Theory]
    [InlineData("acme/resnet34-nyu", "acme", "resnet34-nyu")]
    [InlineData("t1/m_2.v3", "t1", "m_2.v3")]
    public void ParsesAndPrintsTenantSlashModel(string text, string tenant, string model)
    {
        var key = ModelKey.Parse(text);
        Assert.Equal(tenant, key.Tenant);
        Assert.Equal(model, key.Model);
        Assert.Equal(text, key.ToString());
    }

    [Theory]
    [InlineData("no-slash", "tenant/model")]
    [InlineData("a/b/c", "tenant/model")]
    [InlineData("Acme/model", "tenant name 'Acme' is invalid")]
    [InlineData("acme/", "model name '' is invalid")]
    [InlineData("acme/-x", "model name '-x' is invalid")]
    public void RejectsMalformedKeysWithAMessageThatSaysWhatToFix(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => ModelKey.Parse(text));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void AcceleratorNamesAreNormalisedAndUnknownOnesRefused()
    {
        Assert.Equal("cuda", Accelerators.Normalize(" CUDA "));
        Assert.Equal("cpu", Accelerators.Normalize("cpu"));
        Assert.Contains("use 'cuda' or 'cpu'", Assert.Throws<ArgumentException>(() => Accelerators.Normalize("tpu")).Message);
    }
}
