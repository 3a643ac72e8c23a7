using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MtlAttack.Abstractions;
using MtlAttack.Core.Evaluation;
using MtlAttack.Grains.Datasets;
using MtlAttack.Grains.Placement;
using MtlAttack.Grains.Telemetry;
using MtlAttack.Grains.Translation;
using Orleans.Storage;

namespace MtlAttack.Grains.Evaluations;

public sealed class EvaluationOptions
{
    /// <summary>Attack grains one evaluation keeps busy at once; each takes the next unfinished batch.</summary>
    public int Shards { get; set; } = 4;

    /// <summary>How often a batch whose attack grain failed (its silo died) is retried before the evaluation fails.</summary>
    public int Retries { get; set; } = 5;

    /// <summary>Pause before such a retry, giving membership time to notice a dead silo.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often to look again while no silo may host the model (every silo with its accelerator is down). The
    /// evaluation waits, still running, however long that takes: a GPU silo being replaced is not a failed evaluation.
    /// </summary>
    public TimeSpan UnavailableDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The first pause before a storage operation (a finished batch's record, the head, the reminder) is tried again
    /// while the state database cannot be used; each further pause doubles, up to <see cref="StorageRetryLongest"/>.
    /// The evaluation waits, running, however long the outage lasts, and says why.
    /// </summary>
    public TimeSpan StorageRetryFirst { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest pause between two tries of a storage operation during an outage: at most this late does work resume.</summary>
    public TimeSpan StorageRetryLongest { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The folders dataset SPECs may name on this service's machines; empty: any path the silo can read (a single-user
    /// node). A shared service sets them, so that one tenant cannot point an evaluation at files outside them.
    /// </summary>
    public IReadOnlyList<string> DatasetRoots { get; set; } = [];

    /// <summary>How large one evaluation may be (lists, cells, batches); checked before anything is persisted.</summary>
    public EvaluationLimits Limits { get; set; } = new();
}

/// <summary>
/// An evaluation's head: what was asked, the plan and where it stands. Finished batches are not here but in the
/// evaluation's <see cref="EvaluationBatchLog"/>, so the head is written a handful of times per evaluation.
/// </summary>
[GenerateSerializer]
public sealed class EvaluationGrainState
{
    [Id(0)] public EvaluationRequest? Request { get; set; }
    [Id(1)] public ModelRegistration? Model { get; set; }
    [Id(2)] public EvaluationPlan? Plan { get; set; }
    [Id(3)] public EvaluationState State { get; set; }
    [Id(4)] public string? Error { get; set; }
    // Id 5 held the finished batches before they moved to the batch log.
    [Id(6)] public string? ReportJson { get; set; }

    /// <summary>The dataset SPEC as the caller gave it, for the report; <see cref="Request"/> holds it resolved against the dataset roots.</summary>
    [Id(7)] public string? DatasetAsGiven { get; set; }
}

/// <summary>
/// One evaluation. Start checks the request against the model (the model grain plans it with Core's validators),
/// persists it, sets a reminder and begins the run: a few shard loops each send the next unfinished batch to their
/// attack grain and record its statistics, each finished batch appended to the batch log as one record (constant
/// storage work per batch). If this grain's silo dies, the reminder (or any call) reactivates it elsewhere and the run
/// resumes from the logged batches; a batch is counted once however often it is finished or logged. While the state
/// database cannot be used the run keeps its finished batches in memory, retries their records with backoff
/// (<see cref="StorageRetry"/>), says so in <see cref="EvaluationStatus.Waiting"/>, and goes on when it is back.
/// </summary>
public sealed class EvaluationGrain(
    [PersistentState("evaluation", GrainStorage.Name)] IPersistentState<EvaluationGrainState> state,
    IOptions<EvaluationOptions> options,
    ILogger<EvaluationGrain> logger) : Grain, IEvaluationGrain, IRemindable
{
    private const string ResumeReminder = "resume";

    private readonly HashSet<string> finishedKeys = new(StringComparer.Ordinal);
    private readonly List<BatchStatistics> finished = [];
    private readonly SemaphoreSlim saving = new(1, 1);
    private EvaluationBatchLog batchLog = null!;
    private CancellationTokenSource? cancellation;
    private Task? run;
    // Why the run cannot go on right now (no silo may host the model); not persisted: it is about this moment.
    private string? waiting;
    // Where the model was last seen loaded: attack grains are placed beside it. Empty while unknown.
    private string modelSilo = "";
    private StorageRetry storageRetry = null!;
    // A write of the head failed with the database away: it may have been stored all the same.
    private bool headWriteUncertain;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var storage = ServiceProvider.GetRequiredKeyedService<IGrainStorage>(GrainStorage.Name);
        batchLog = new EvaluationBatchLog(storage, this.GetPrimaryKeyString());
        storageRetry = new StorageRetry(options.Value.StorageRetryFirst, options.Value.StorageRetryLongest);
        Count(await batchLog.ReadNew());
    }

    // A silo shutting down deactivates this copy while its loop may still be awaiting batches; the loop must stop here
    // (not record a failure), and the reminder resumes the evaluation in the activation that replaces it.
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        cancellation?.Cancel();
        return Task.CompletedTask;
    }

    public async Task<EvaluationStatus> Start(EvaluationRequest request, ModelRegistration registration, BatchBudget? budget = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(registration);
        if (state.State.Request is not null)
        {
            EnsureRunning();
            return Status();
        }
        // The size of the lists first: it needs no model, and a request too large to plan is refused before any grain works on it.
        EvaluationRequestMapping.ValidateRequest(request, options.Value.Limits);
        // Every grain after this one opens the dataset by the resolved path; the report names it as the caller did.
        var dataset = DatasetRoots.Resolve(request.Dataset, options.Value.DatasetRoots);
        string datasetAsGiven = request.Dataset;
        request = request with { Dataset = dataset.Spec };
        if (registration.Key != request.Model)
            throw new MtlAttackException($"The evaluation asks for model {request.Model} but was given the registration of {registration.Key}.", MtlAttackErrorKind.InvalidRequest);
        EvaluationPlan plan;
        try { plan = await GrainFactory.CallModel(registration, m => m.Plan(request)); }
        catch (MtlAttackException e) { throw dataset.InCallersWords(e); }
        budget?.Check(request.Model.Tenant, plan.TotalBatches);

        // The reminder first: should the head's write then fail (the database went away), the caller is told so and the
        // reminder, finding no evaluation, removes itself; the other way round a stored evaluation could lack its reminder.
        await this.RegisterOrUpdateReminder(ResumeReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        state.State = new EvaluationGrainState
        {
            Request = request, Model = registration, Plan = plan, State = EvaluationState.Running, DatasetAsGiven = datasetAsGiven,
        };
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State = new EvaluationGrainState();
            throw;
        }
        logger.LogInformation("Evaluation {Evaluation} of {Model}: {Cells} cells x {Batches} batches", this.GetPrimaryKeyString(), registration.Key, plan.Cells.Count, plan.BatchCount);
        EnsureRunning();
        return Status();
    }

    public Task<EvaluationStatus> GetStatus()
    {
        EnsureRunning();
        return Task.FromResult(Status());
    }

    public async Task<EvaluationStatus> Cancel()
    {
        if (state.State.State == EvaluationState.Running)
        {
            // Stop the work first (the device is free at once), then store the decision. Should the database refuse it,
            // the evaluation goes on as stored and the caller hears why (503): a cancel that was not kept is not one.
            state.State.State = EvaluationState.Cancelled;
            cancellation?.Cancel();
            try
            {
                await Save();
            }
            catch (Exception e) when (StorageOutage.StoreOf(e) is not null)
            {
                state.State.State = EvaluationState.Running;
                await (run ?? Task.CompletedTask);
                EnsureRunning();
                throw;
            }
            await TryStopReminder();
        }
        return Status();
    }

    public async Task<string?> Forget()
    {
        if (state.State.State == EvaluationState.Running)
            throw new MtlAttackException($"Evaluation {this.GetPrimaryKeyString()} is still running; cancel it first, then delete it.", MtlAttackErrorKind.Conflict);
        string? reportDirectory = state.State.Request?.ReportDirectory;
        await saving.WaitAsync();
        try
        {
            await batchLog.Clear();
            await state.ClearStateAsync();
        }
        finally { saving.Release(); }
        finishedKeys.Clear();
        finished.Clear();
        DeactivateOnIdle();
        logger.LogInformation("Evaluation {Evaluation} forgotten", this.GetPrimaryKeyString());
        return reportDirectory;
    }

    public Task<string?> GetReportJson() => Task.FromResult(state.State.ReportJson);

    public Task<string?> GetReport(string format)
    {
        ArgumentNullException.ThrowIfNull(format);
        var json = state.State.ReportJson;
        return Task.FromResult(json is null ? null : ReportMapping.FormatReport(json, format));
    }

    public Task<IReadOnlyList<CellSummary>?> GetSummary() =>
        Task.FromResult(state.State.ReportJson is { } json ? ReportMapping.Summarize(json) : null);

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (state.State.State != EvaluationState.Running) return TryStopReminder();
        EnsureRunning();
        return Task.CompletedTask;
    }

    private EvaluationStatus Status() => new(
        this.GetPrimaryKeyString(),
        state.State.Request is null ? EvaluationState.Unknown : state.State.State,
        finishedKeys.Count,
        state.State.Plan?.TotalBatches ?? 0,
        state.State.Error,
        state.State.Request?.ReportDirectory,
        state.State.Request?.Model,
        state.State.State == EvaluationState.Running ? waiting : null);

    /// <summary>Starts the run loop unless it is running in this activation, or the evaluation is not running.</summary>
    private void EnsureRunning()
    {
        if (state.State.State != EvaluationState.Running || run is { IsCompleted: false }) return;
        cancellation = new CancellationTokenSource();
        run = Run(cancellation.Token);
    }

    private async Task Run(CancellationToken cancellationToken)
    {
        using var span = GrainTelemetry.Source.StartActivity(GrainTelemetry.Spans.Evaluation);
        span?.SetTag("mtlattack.evaluation", this.GetPrimaryKeyString());
        span?.SetTag("mtlattack.model", state.State.Model!.Key.ToString());
        try
        {
            var pending = new Queue<WorkItem>(AllItems().Where(i => !finishedKeys.Contains(EvaluationStateMapping.KeyOf(i))));
            // Unknown while no silo can host the model: the first batches then wait in their shards until one can.
            modelSilo = await TryModelSilo() ?? "";
            int shards = Math.Max(1, Math.Min(options.Value.Shards, pending.Count));
            await Task.WhenAll(Enumerable.Range(0, shards).Select(s => RunShard(s, pending, cancellationToken)));
            if (cancellationToken.IsCancellationRequested || state.State.State != EvaluationState.Running) return;
            if (state.State.Request!.SaveAdversarial > 0)
            {
                var (exported, _) = await OnModelSilo(Shard(0), a => a.ExportAdversarial(Assignment, cancellationToken), "The adversarial examples", cancellationToken);
                if (!exported || state.State.State != EvaluationState.Running) return;
            }
            await Complete(cancellationToken);
            span?.SetTag("mtlattack.batches", finishedKeys.Count);
        }
        catch (Exception e)
        {
            if (cancellationToken.IsCancellationRequested) return;
            span?.SetStatus(ActivityStatusCode.Error, e.Message);
            logger.LogError(e, "Evaluation {Evaluation} failed", this.GetPrimaryKeyString());
            state.State.State = EvaluationState.Failed;
            state.State.Error = e.Message;
            try
            {
                await Durably(Save, "Recording the failure", cancellationToken);
                await StopReminder(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // This activation is going away before the database came back; the reminder resumes the evaluation.
            }
        }
        finally
        {
            if (state.State.State != EvaluationState.Running) await ReleaseShards();
        }
    }

    /// <summary>Tells the shards the evaluation ended, so they free the model's memory now; best effort (a dead silo's shard has nothing to free).</summary>
    private async Task ReleaseShards()
    {
        int shards = Math.Max(1, Math.Min(options.Value.Shards, state.State.Plan?.TotalBatches ?? 0));
        try
        {
            await BesideModel(async () => { await Task.WhenAll(Enumerable.Range(0, shards).Select(s => Shard(s).Release())); return true; });
        }
        catch (Exception e)
        {
            logger.LogInformation("Shards of {Evaluation} not all released: {Reason}", this.GetPrimaryKeyString(), e.Message);
        }
    }

    /// <summary>What every shard is sent with its work: the registered model and the request.</summary>
    private AttackAssignment Assignment => new(state.State.Model!, state.State.Request!);

    private IAttackGrain Shard(int shard) => GrainFactory.GetGrain<IAttackGrain>($"{this.GetPrimaryKeyString()}/{shard}");

    private async Task RunShard(int shard, Queue<WorkItem> pending, CancellationToken cancellationToken)
    {
        var attack = Shard(shard);
        var assignment = Assignment;
        while (!cancellationToken.IsCancellationRequested && pending.TryDequeue(out var item))
        {
            var (done, statistics) = await OnModelSilo(attack, a => a.EvaluateBatch(assignment, item, cancellationToken), $"Batch {EvaluationStateMapping.KeyOf(item)}", cancellationToken);
            if (!done) return;
            await Record(statistics!, cancellationToken);
        }
    }

    /// <summary>
    /// Calls <paramref name="attack"/> on the model's silo, waiting while no silo may host the model and retrying
    /// while its silo dies and is replaced. Done is false when the evaluation was cancelled (or this activation is
    /// going away) meanwhile: <paramref name="call"/> passes <paramref name="cancellationToken"/> on, so the attack
    /// stops at its next step. Errors in the work itself, and too many failures, are thrown.
    /// </summary>
    private async Task<(bool Done, T? Result)> OnModelSilo<T>(IAttackGrain attack, Func<IAttackGrain, Task<T>> call, string what, CancellationToken cancellationToken)
    {
        for (int failures = 0; ; )
        {
            try
            {
                T result = await BesideModel(() => call(attack));
                if (cancellationToken.IsCancellationRequested) return (false, default);
                waiting = null;
                return (true, result);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Cancelled: the attack grain stopped the batch within a step and gave its slot back; nothing to record.
                return (false, default);
            }
            catch (MtlAttackException e) when (e.Kind == MtlAttackErrorKind.Unavailable && !cancellationToken.IsCancellationRequested)
            {
                // No silo may host the model now, or the state database cannot be used (a grain's activation needs it);
                // wait (not counted as a failure: nothing is wrong with the work).
                logger.LogWarning("{What} of {Evaluation} waits: {Reason}", what, this.GetPrimaryKeyString(), e.Message);
                waiting = e.Message;
                if (!await Pause(options.Value.UnavailableDelay, cancellationToken)) return (false, default);
                if (await TryModelSilo() is { } silo) modelSilo = silo;
            }
            catch (Exception e) when (e is not MtlAttackException && StorageOutage.Describe(e) is { } reason && !cancellationToken.IsCancellationRequested)
            {
                // A grain whose activation reads the state database failed before any filter could name the outage.
                logger.LogWarning("{What} of {Evaluation} waits: {Reason}", what, this.GetPrimaryKeyString(), reason);
                waiting = reason;
                if (!await Pause(options.Value.UnavailableDelay, cancellationToken)) return (false, default);
            }
            catch (Exception e) when (e is not MtlAttackException && ++failures <= options.Value.Retries && !cancellationToken.IsCancellationRequested)
            {
                // The attack grain's silo (probably also the model's) died: find where the model lives now and retry.
                logger.LogWarning(e, "{What} of {Evaluation} failed (attempt {Attempt}); retrying", what, this.GetPrimaryKeyString(), failures);
                if (!await Pause(options.Value.RetryDelay, cancellationToken)) return (false, default);
                if (await TryModelSilo() is { } silo) modelSilo = silo;
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="call"/> with what places an attack grain activation: beside the model's activation
    /// (<see cref="modelSilo"/>), on a silo the model's accelerator rule allows.
    /// </summary>
    private async Task<T> BesideModel<T>(Func<Task<T>> call)
    {
        using (new RequestContextScope(RequestContextKeys.RequiredAccelerator, state.State.Model!.Accelerator))
        using (new RequestContextScope(RequestContextKeys.ColocateWithSilo, modelSilo))
            return await call();
    }

    /// <summary>Where the model is loaded now, or null when that cannot be known this moment (no silo may host it, or the call failed); the next attempt finds out why.</summary>
    private async Task<string?> TryModelSilo()
    {
        try { return (await GrainFactory.CallModel(state.State.Model!, m => m.Describe())).Silo; }
        catch (Exception e) when (e is not MtlAttackException || e is MtlAttackException { Kind: MtlAttackErrorKind.Unavailable })
        {
            return null;
        }
    }

    /// <returns>False when the evaluation was cancelled (or this activation is going away) during the pause.</returns>
    private static async Task<bool> Pause(TimeSpan delay, CancellationToken cancellationToken)
    {
        try { await Task.Delay(delay, cancellationToken); return true; }
        catch (OperationCanceledException) { return false; }
    }

    private async Task Record(BatchStatistics statistics, CancellationToken cancellationToken)
    {
        await saving.WaitAsync();
        try
        {
            // A batch that returns after its evaluation was cancelled (or forgotten) is not recorded.
            if (state.State.State != EvaluationState.Running || finishedKeys.Contains(EvaluationStateMapping.KeyOf(statistics.Item))) return;
            // Counted only once it is stored; while the database is away the batch waits here, in memory, not lost.
            Count(await Durably(() => batchLog.Append(statistics), $"Recording batch {EvaluationStateMapping.KeyOf(statistics.Item)}", cancellationToken));
            Count([statistics]);
            GrainTelemetry.BatchesDone.Add(1);
        }
        finally { saving.Release(); }
    }

    /// <summary>Adds batches not seen before to the finished set; a batch key already counted is ignored.</summary>
    private void Count(IEnumerable<BatchStatistics> batches)
    {
        foreach (var batch in batches)
            if (finishedKeys.Add(EvaluationStateMapping.KeyOf(batch.Item)))
                finished.Add(batch);
    }

    private async Task Complete(CancellationToken cancellationToken)
    {
        var s = state.State;
        var result = EvaluationStateMapping.Merge(s.Plan!, finished);
        var report = ReportMapping.BuildReport(s.Model!, s.Request!, s.Plan!, result, s.DatasetAsGiven);
        if (s.Request!.ReportDirectory is { } directory) ReportWriter.Write(directory, report);
        s.ReportJson = ReportWriter.ToJson(report);
        // The reminder goes first: once the state reads Completed a caller may stop the silo at once. Should the
        // silo die between the two, the state still reads Running with every batch done, and the next status call
        // completes it again.
        await StopReminder(cancellationToken);
        s.State = EvaluationState.Completed;
        try
        {
            await Durably(Save, "Recording the completion", cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Not stored: the activation that replaces this one completes the evaluation again from its logged batches.
            s.State = EvaluationState.Running;
            throw;
        }
        logger.LogInformation("Evaluation {Evaluation} completed: {Batches} batches", this.GetPrimaryKeyString(), finishedKeys.Count);
    }

    private IEnumerable<WorkItem> AllItems()
    {
        var plan = state.State.Plan!;
        foreach (var cell in plan.Cells.Prepend(null))
            for (int b = 0; b < plan.BatchCount; b++)
                yield return new WorkItem(cell, b);
    }

    // Shard loops finish batches concurrently (interleaved on this grain's scheduler); writes, of the head and of
    // batch records alike, go one at a time.
    private async Task Save()
    {
        await saving.WaitAsync();
        try
        {
            await state.WriteStateAsync();
        }
        catch (InconsistentStateException) when (headWriteUncertain)
        {
            // An earlier write failed as the database went away, possibly after it was stored: the stored head is then
            // newer than this activation thinks. This activation is the head's only writer, so take the stored version's
            // tag and write what this activation holds over it.
            var held = state.State;
            await state.ReadStateAsync();
            state.State = held;
            await state.WriteStateAsync();
        }
        catch (Exception e) when (StorageOutage.StoreOf(e) is not null)
        {
            headWriteUncertain = true;
            throw;
        }
        finally { saving.Release(); }
        headWriteUncertain = false;
    }

    /// <summary><paramref name="operation"/> on storage, retried while the database cannot be used; <see cref="waiting"/> says so meanwhile.</summary>
    private Task<T> Durably<T>(Func<Task<T>> operation, string what, CancellationToken cancellationToken) =>
        storageRetry.Run(operation, $"{what} of {this.GetPrimaryKeyString()}", reason => waiting = reason, logger, cancellationToken);

    private Task Durably(Func<Task> operation, string what, CancellationToken cancellationToken) =>
        storageRetry.Run(operation, $"{what} of {this.GetPrimaryKeyString()}", reason => waiting = reason, logger, cancellationToken);

    private Task StopReminder(CancellationToken cancellationToken) =>
        Durably(StopReminderOnce, "Removing the resume reminder", cancellationToken);

    /// <summary>
    /// For calls that must answer now: a reminder left behind while the database is away is harmless, since its next
    /// tick finds the evaluation ended and removes it then.
    /// </summary>
    private async Task TryStopReminder()
    {
        try { await StopReminderOnce(); }
        catch (Exception e) when (StorageOutage.StoreOf(e) is not null)
        {
            logger.LogWarning("The resume reminder of {Evaluation} stays until its next tick: {Reason}", this.GetPrimaryKeyString(), StorageOutage.Describe(e));
        }
    }

    private async Task StopReminderOnce()
    {
        var reminder = await this.GetReminder(ResumeReminder);
        if (reminder is not null) await this.UnregisterReminder(reminder);
    }
}
