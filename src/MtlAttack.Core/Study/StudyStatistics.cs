namespace MtlAttack.Core.Study;

/// <summary>The two statistics the answers need beyond means.</summary>
public static class StudyStatistics
{
    /// <summary>Pearson's correlation of the finite pairs; NaN with fewer than 3 pairs or no spread in either variable.</summary>
    public static double Correlation(IEnumerable<(double X, double Y)> pairs)
    {
        var points = pairs.Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).ToList();
        if (points.Count < 3) return double.NaN;
        double meanX = points.Average(p => p.X), meanY = points.Average(p => p.Y);
        double sxy = points.Sum(p => (p.X - meanX) * (p.Y - meanY));
        double sxx = points.Sum(p => (p.X - meanX) * (p.X - meanX));
        double syy = points.Sum(p => (p.Y - meanY) * (p.Y - meanY));
        return sxx == 0 || syy == 0 ? double.NaN : sxy / Math.Sqrt(sxx * syy);
    }
}
