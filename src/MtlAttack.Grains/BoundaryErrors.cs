using MtlAttack.Core;
using MtlAttack.Abstractions;

namespace MtlAttack.Grains;

/// <summary>
/// Turns the exceptions Core raises for bad input (unknown names, budgets out of range, unreadable or non-finite
/// checkpoints, malformed SPECs) into <see cref="MtlAttackException"/> at the grain boundary, keeping Core's message,
/// so that callers see one serializable error type and the grain keeps serving.
/// </summary>
public static class BoundaryErrors
{
    public static bool IsBadInput(Exception e) =>
        e is ArgumentException or FormatException or InvalidDataException or IOException or UnauthorizedAccessException or KeyNotFoundException;

    public static T Guard<T>(Func<T> action, string? context = null)
    {
        try { return action(); }
        catch (Exception e) when (IsBadInput(e))
        {
            throw new MtlAttackException(context is null ? UserMessages.Of(e) : $"{context}: {UserMessages.Of(e)}");
        }
    }
}
