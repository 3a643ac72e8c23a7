using TorchSharp;

namespace MtlAttack.Core.Tests.Models.TorchScript;

/// <summary>
/// Runs a test body on a fresh thread whose torch work uses one intra-op thread. On this project's CI machine
/// (libtorch 2.10 CPU, TorchSharp 0.107), input gradients computed with two or more intra-op threads were measured to
/// vary from call to call and sometimes be NaN, for native TorchSharp networks and TorchScript modules alike; with one
/// thread they repeat exactly and match PyTorch. A fresh thread is needed because OpenMP keeps the thread count a
/// thread first ran torch work with.
/// </summary>
internal static class OneTorchThread
{
    public static void Run(Action body)
    {
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                torch.set_num_threads(1);
                body();
            }
            catch (Exception e)
            {
                failure = e;
            }
        }, maxStackSize: 16 << 20);
        thread.Start();
        thread.Join();
        if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
    }
}
