using Microsoft.Extensions.Hosting;

namespace MtlAttack.Silo.Tests;

public class SiloDashboardTests
{
    [Fact]
    public async Task AnEmbeddedSiloWithTheDashboardEnabledServesItOverHttp()
    {
        int port = FreePorts.Next();
        using var host = EmbeddedSilos.Start(o => { o.Dashboard.Enabled = true; o.Dashboard.Port = port; });
        using var http = new HttpClient { BaseAddress = new Uri($"http://localhost:{port}/") };

        var page = await http.GetAsync("/");
        Assert.True(page.IsSuccessStatusCode, $"GET / answered {(int)page.StatusCode}");
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        // An API call that goes through the dashboard's client to the silo and back.
        var counters = await http.GetAsync("/DashboardCounters");
        Assert.True(counters.IsSuccessStatusCode, $"GET /DashboardCounters answered {(int)counters.StatusCode}: {await counters.Content.ReadAsStringAsync()}");
        Assert.Contains("totalActiveHostCount", await counters.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        await host.StopAsync();
    }

    [Fact]
    public async Task TheDashboardIsOffUnlessAskedFor()
    {
        int port = FreePorts.Next();
        using var host = EmbeddedSilos.Start(o => o.Dashboard.Port = port);
        using var http = new HttpClient { BaseAddress = new Uri($"http://localhost:{port}/") };
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync("/"));
        await host.StopAsync();
    }

    [Fact]
    public void APortOutOfRangeIsRefusedWithTheSettingToChange()
    {
        var builder = Host.CreateApplicationBuilder();
        var error = Assert.Throws<ArgumentException>(() =>
        {
            builder.AddMtlAttackSilo(o => { o.Dashboard.Enabled = true; o.Dashboard.Port = 70000; });
            builder.Build();
        });
        Assert.Contains("Dashboard:Port", error.Message);
    }
}
