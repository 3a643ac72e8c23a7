using System.Net;
using System.Net.Sockets;

namespace MtlAttack.Silo;

/// <summary>Loopback ports nobody listens on, for silos (and their tests) whose ports only this machine uses.</summary>
public static class LocalPorts
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
