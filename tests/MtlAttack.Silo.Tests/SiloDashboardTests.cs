using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;

namespace MtlAttack.Silo.Tests;

public class SiloDashboardTests
{
    [Fact]
    public async Task AnEmbeddedSiloWithTheDashboardEnabledServesItOverHttp()
    {
        int port = LocalPorts.Free();
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
        int port = LocalPorts.Free();
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

    [Fact]
    public void AHostItCannotBindIsRefusedWithTheSettingToChange()
    {
        var builder = Host.CreateApplicationBuilder();
        var error = Assert.Throws<ArgumentException>(() =>
        {
            builder.AddMtlAttackSilo(o => { o.Dashboard.Enabled = true; o.Dashboard.Host = "dashboard.example"; });
            builder.Build();
        });
        Assert.Contains("Dashboard:Host", error.Message);
    }

    [Theory]
    [InlineData("localhost", "http://localhost:8080/")]
    [InlineData("127.0.0.1", "http://127.0.0.1:8080/")]
    [InlineData("::1", "http://[::1]:8080/")]
    [InlineData("*", "http://localhost:8080/ (every interface)")]
    public void TheDashboardListensWhereItIsTold(string host, string url) =>
        Assert.Equal(url, SiloDashboard.Bind(new DashboardSettings { Enabled = true, Host = host }).Url);

    [Fact]
    public async Task TheDashboardListensOnLoopbackOnlyUnlessToldOtherwise()
    {
        // It has no authentication of its own: another machine must not reach it by default.
        var outward = NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses).Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
        int port = LocalPorts.Free();
        using var host = EmbeddedSilos.Start(o => { o.Dashboard.Enabled = true; o.Dashboard.Port = port; });
        using var loopback = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        Assert.True((await loopback.GetAsync("/")).IsSuccessStatusCode);
        if (outward is not null) // a machine without a network has no other address to try
        {
            using var other = new HttpClient { BaseAddress = new Uri($"http://{outward}:{port}/") };
            await Assert.ThrowsAsync<HttpRequestException>(() => other.GetAsync("/"));
        }
        await host.StopAsync();
    }
}
