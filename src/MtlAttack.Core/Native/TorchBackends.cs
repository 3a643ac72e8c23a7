using System.Runtime.InteropServices;
using TorchSharp;

namespace MtlAttack.Core.Native;

/// <summary>
/// Process-wide switches of libtorch's CPU convolution back-ends that TorchSharp does not expose, set through the
/// C++ entry points of <c>at::Context</c> (as <c>torch.backends.mkldnn.enabled</c> and
/// <c>torch.backends.nnpack.set_flags</c> do in Python).
/// <list type="bullet">
/// <item>oneDNN (MKL-DNN) off: in libtorch 2.10 its float32 convolution backward returned wrong input gradients when
/// several convolutions ran at once (two intra-op threads, or two attacks on different threads each on one thread):
/// the same call on the same inputs differed from run to run, in one run of three by a third of the largest entry
/// against a float64 reference. Attack directions then flipped sign at random, and tests of attack invariants failed
/// in most runs. libtorch's own convolution kernels give the same bits every time.</item>
/// <item>NNPACK off: with oneDNN off, libtorch would hand gradient-free convolutions of 16 or more images to NNPACK,
/// which runs on a thread pool of its own; and on the first convolution that could use it, where the processor lacks
/// what NNPACK needs, libtorch prints <c>Could not initialize NNPACK! Reason: Unsupported hardware.</c> on stderr.
/// Off, every convolution runs in libtorch's own kernels, on <see cref="TorchThreads"/>' threads.</item>
/// </list>
/// </summary>
public static class TorchBackends
{
    private static readonly Lazy<bool> Configured = new(Configure, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Applies the switches once per process (later calls do nothing); true when libtorch took them.</summary>
    public static bool EnsureConfigured() => Configured.Value;

    /// <summary>Whether libtorch will use oneDNN for CPU convolutions (false once configured).</summary>
    public static bool MkldnnEnabled => NativeContext.UserEnabledMkldnn(NativeContext.Global());

    /// <summary>Whether libtorch may try NNPACK for CPU convolutions (false once configured).</summary>
    public static bool NnpackEnabled => NativeContext.UserEnabledNnpack(NativeContext.Global());

    private static bool Configure()
    {
        // Loads libtorch through TorchSharp first, so that the entry points below resolve to the library it uses.
        _ = torch.get_num_threads();
        try
        {
            var context = NativeContext.Global();
            NativeContext.SetUserEnabledMkldnn(context, false);
            NativeContext.SetUserEnabledNnpack(context, false);
            return true;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            // A libtorch built without these C++ symbols (another ABI): its defaults stay.
            return false;
        }
    }

    /// <summary><c>at::globalContext()</c> and the flags on it (Itanium C++ ABI names, as libtorch for Linux exports them).</summary>
    private static class NativeContext
    {
        private const string Library = "libtorch_cpu";

        [DllImport(Library, EntryPoint = "_ZN2at13globalContextEv")]
        public static extern IntPtr Global();

        [DllImport(Library, EntryPoint = "_ZN2at7Context20setUserEnabledMkldnnEb")]
        public static extern void SetUserEnabledMkldnn(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);

        [DllImport(Library, EntryPoint = "_ZNK2at7Context17userEnabledMkldnnEv")]
        [return: MarshalAs(UnmanagedType.U1)]
        public static extern bool UserEnabledMkldnn(IntPtr context);

        [DllImport(Library, EntryPoint = "_ZN2at7Context20setUserEnabledNNPACKEb")]
        public static extern void SetUserEnabledNnpack(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);

        [DllImport(Library, EntryPoint = "_ZNK2at7Context17userEnabledNNPACKEv")]
        [return: MarshalAs(UnmanagedType.U1)]
        public static extern bool UserEnabledNnpack(IntPtr context);
    }
}
