using Microsoft.AspNetCore.Builder;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace MtlAttack.Silo;

/// <summary>
/// The Orleans dashboard on a silo, when <see cref="DashboardSettings.Enabled"/>. The dashboard's collectors run in
/// the silo; its web pages need an ASP.NET Core host, which a silo host (a plain generic host) is not, so a small web
/// host of its own serves them on <see cref="DashboardSettings.Host"/> and <see cref="DashboardSettings.Port"/>, reading the cluster through a client of this
/// silo's gateway (the dashboard's documented separate-host setup, kept inside the silo's process).
/// </summary>
public static class SiloDashboard
{
    public static ISiloBuilder AddMtlAttackDashboard(this ISiloBuilder silo, DashboardSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!settings.Enabled) return silo;
        if (settings.Port is < 1 or > 65535)
            throw new ArgumentException($"Dashboard:Port is {settings.Port}; use a TCP port from 1 to 65535, or turn the dashboard off with Dashboard:Enabled=false.");
        var binding = Bind(settings);
        silo.AddDashboard();
        // Registered after the silo's own hosted service, so it starts once the gateway accepts clients.
        silo.Services.AddHostedService(services => new DashboardWebHost(binding, services));
        return silo;
    }

    /// <summary>Where Kestrel listens for <see cref="DashboardSettings.Host"/>, and the address to tell the operator.</summary>
    public sealed record Binding(Action<KestrelServerOptions> Listen, string Url);

    /// <summary>Reads <see cref="DashboardSettings.Host"/>; a host it cannot bind is refused before the silo starts.</summary>
    public static Binding Bind(DashboardSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        int port = settings.Port;
        string host = settings.Host?.Trim() ?? "";
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
            return new(kestrel => kestrel.ListenLocalhost(port), $"http://localhost:{port}/");
        if (host is "*" or "0.0.0.0" or "::")
            return new(kestrel => kestrel.ListenAnyIP(port), $"http://localhost:{port}/ (every interface)");
        if (IPAddress.TryParse(host, out var address))
            return new(kestrel => kestrel.Listen(address, port), $"http://{new IPEndPoint(address, port)}/");
        throw new ArgumentException($"Dashboard:Host is '{settings.Host}'; use localhost, an IP address of this machine, or * for every interface.");
    }

    private sealed class DashboardWebHost(Binding binding, IServiceProvider silo) : IHostedService, IAsyncDisposable
    {
        private WebApplication? web;

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            var gateway = silo.GetRequiredService<ILocalSiloDetails>().GatewayAddress?.Endpoint
                ?? throw new InvalidOperationException("The dashboard reads the cluster through this silo's gateway, and the silo has none: configure a gateway port.");
            var cluster = silo.GetRequiredService<IOptions<ClusterOptions>>().Value;
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.WebHost.ConfigureKestrel(binding.Listen);
            builder.UseOrleansClient(client =>
            {
                client.UseStaticClustering(gateway);
                client.Configure<ClusterOptions>(o => { o.ClusterId = cluster.ClusterId; o.ServiceId = cluster.ServiceId; });
                client.AddDashboard();
            });
            web = builder.Build();
            web.MapOrleansDashboard();
            await web.StartAsync(cancellationToken);
            silo.GetRequiredService<ILogger<DashboardWebHost>>().LogInformation("Orleans dashboard on {Url}", binding.Url);
        }

        public Task StopAsync(CancellationToken cancellationToken) => web?.StopAsync(cancellationToken) ?? Task.CompletedTask;

        public async ValueTask DisposeAsync()
        {
            if (web is not null) await web.DisposeAsync();
        }
    }
}
