namespace MtlAttack.Core.Attacks.Constrained;

/// <summary>Inverse of a small dense matrix (a basis of a few rows) by Gauss-Jordan elimination with partial pivoting.</summary>
internal static class DenseInverse
{
    /// <summary>Below this pivot (relative to the matrix's largest entry) the basis is treated as singular.</summary>
    public const double SingularTolerance = 1e-12;

    /// <returns>The inverse, or null when the matrix is (numerically) singular. The argument is overwritten.</returns>
    public static double[,]? Invert(double[,] matrix)
    {
        int size = matrix.GetLength(0);
        var inverse = new double[size, size];
        double scale = 0;
        for (int i = 0; i < size; i++)
        {
            inverse[i, i] = 1;
            for (int j = 0; j < size; j++) scale = Math.Max(scale, Math.Abs(matrix[i, j]));
        }
        if (scale == 0) return size == 0 ? inverse : null;
        for (int column = 0; column < size; column++)
        {
            int best = column;
            for (int row = column + 1; row < size; row++)
                if (Math.Abs(matrix[row, column]) > Math.Abs(matrix[best, column])) best = row;
            if (Math.Abs(matrix[best, column]) <= SingularTolerance * scale) return null;
            if (best != column)
                for (int j = 0; j < size; j++)
                {
                    (matrix[best, j], matrix[column, j]) = (matrix[column, j], matrix[best, j]);
                    (inverse[best, j], inverse[column, j]) = (inverse[column, j], inverse[best, j]);
                }
            double pivot = matrix[column, column];
            for (int j = 0; j < size; j++)
            {
                matrix[column, j] /= pivot;
                inverse[column, j] /= pivot;
            }
            for (int row = 0; row < size; row++)
            {
                if (row == column || matrix[row, column] == 0) continue;
                double factor = matrix[row, column];
                for (int j = 0; j < size; j++)
                {
                    matrix[row, j] -= factor * matrix[column, j];
                    inverse[row, j] -= factor * inverse[column, j];
                }
            }
        }
        return inverse;
    }
}
