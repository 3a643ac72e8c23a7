using System.Reflection;
using Xunit.Sdk;
using static TorchSharp.torch;

[assembly: MtlAttack.Core.Tests.GradientsStayOn]

namespace MtlAttack.Core.Tests;

/// <summary>
/// Fails a test that leaves autograd off on its thread. libtorch's grad mode is per thread and xUnit reuses threads
/// across test classes, so a left-over no_grad would make a later test on that thread compute without a graph (and a
/// TorchSharp 0.107 autograd.grad on such a loss aborts the process instead of throwing). The mode is restored, so
/// only the test that leaked it fails, naming itself.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class GradientsStayOnAttribute : BeforeAfterTestAttribute
{
    public override void After(MethodInfo methodUnderTest)
    {
        if (is_grad_enabled()) return;
        set_grad_enabled(true);
        throw new InvalidOperationException(
            $"{methodUnderTest.DeclaringType?.Name}.{methodUnderTest.Name} left autograd off on its thread: dispose every no_grad() on the thread that made it.");
    }
}
