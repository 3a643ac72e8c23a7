namespace MtlAttack.Cli;

/// <summary>
/// Reports on the reporting thread, as each value comes: <see cref="Progress{T}"/> would post to the thread pool, and a
/// line could arrive after the next one or a bar lag behind the finish line.
/// </summary>
public sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
