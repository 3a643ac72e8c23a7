using MtlAttack.Core.Evaluation;

namespace MtlAttack.Core.Study;

/// <summary>A studied model with its robustness report: what the answers are computed from.</summary>
public sealed record StudyModelReport(StudiedModel Model, RobustnessReport Report);
