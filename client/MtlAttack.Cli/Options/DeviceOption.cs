using System.CommandLine;
using MtlAttack.Core.Native;
using TorchSharp;

namespace MtlAttack.Cli.Options;

/// <summary><c>--device auto|cpu|cuda[:N]</c>: auto takes CUDA only when libtorch sees a GPU.</summary>
public static class DeviceOption
{
    public static Option<string> Create() => new("--device")
    {
        Description = "Where tensors run: auto (CUDA when libtorch sees a GPU, else CPU), cpu, cuda or cuda:N.",
        HelpName = "DEVICE",
        DefaultValueFactory = _ => "auto",
    };

    /// <summary>The torch device for the user's choice; a device this machine lacks is a usage error.</summary>
    public static torch.Device Resolve(string choice) =>
        UsageException.Guard(() => TorchRuntime.ParseDevice(choice.Trim().ToLowerInvariant()), "--device: ");
}
