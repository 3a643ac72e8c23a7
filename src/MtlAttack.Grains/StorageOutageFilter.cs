using MtlAttack.Abstractions;

namespace MtlAttack.Grains;

/// <summary>
/// Every grain call that fails because the state database cannot be used leaves the silo as an
/// <see cref="MtlAttackErrorKind.Unavailable"/> <see cref="MtlAttackException"/> that names the database and says what
/// its driver reported: callers (the evaluation grain, the HTTP API's 503) can tell "retry shortly" from a failure of
/// the request, and no driver exception needs deserializing on the other side.
/// </summary>
public sealed class StorageOutageFilter : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch (Exception e) when (e is not MtlAttackException && StorageOutage.Describe(e) is { } detail)
        {
            throw new MtlAttackException(detail, MtlAttackErrorKind.Unavailable);
        }
    }
}
