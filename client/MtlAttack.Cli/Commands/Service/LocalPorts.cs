using System.Net;
using System.Net.Sockets;

namespace MtlAttack.Cli.Commands.Service;

/// <summary>Loopback ports nobody listens on, for silos whose ports only this process uses.</summary>
public static class LocalPorts
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
