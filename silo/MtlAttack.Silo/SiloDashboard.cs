using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
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
/// host of its own serves them on <see cref="DashboardSettings.Port"/>, reading the cluster through a client of this
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
        silo.AddDashboard();
        // Registered after the silo's own hosted service, so it starts once the gateway accepts clients.
        silo.Services.AddHostedService(services => new DashboardWebHost(settings.Port, services));
        return silo;
    }

    private sealed class DashboardWebHost(int port, IServiceProvider silo) : IHostedService, IAsyncDisposable
    {
        private WebApplication? web;

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            var gateway = silo.GetRequiredService<ILocalSiloDetails>().GatewayAddress?.Endpoint
                ?? throw new InvalidOperationException("The dashboard reads the cluster through this silo's gateway, and the silo has none: configure a gateway port.");
            var cluster = silo.GetRequiredService<IOptions<ClusterOptions>>().Value;
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenAnyIP(port));
            builder.UseOrleansClient(client =>
            {
                client.UseStaticClustering(gateway);
                client.Configure<ClusterOptions>(o => { o.ClusterId = cluster.ClusterId; o.ServiceId = cluster.ServiceId; });
                client.AddDashboard();
            });
            web = builder.Build();
            web.MapOrleansDashboard();
            await web.StartAsync(cancellationToken);
            silo.GetRequiredService<ILogger<DashboardWebHost>>().LogInformation("Orleans dashboard on http://localhost:{Port}/", port);
        }

        public Task StopAsync(CancellationToken cancellationToken) => web?.StopAsync(cancellationToken) ?? Task.CompletedTask;

        public async ValueTask DisposeAsync()
        {
            if (web is not null) await web.DisposeAsync();
        }
    }
}
