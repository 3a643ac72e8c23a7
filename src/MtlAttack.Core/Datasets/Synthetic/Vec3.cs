namespace MtlAttack.Core.Datasets.Synthetic;

/// <summary>
/// A 3-vector in double precision, so that ground truth computed from geometry is exact to float32.
/// Plain fields rather than properties: Debug builds do not inline, and the ray caster reads them millions of times.
/// </summary>
internal readonly record struct Vec3
{
    public readonly double X, Y, Z;

    public Vec3(double x, double y, double z) => (X, Y, Z) = (x, y, z);

    public static Vec3 Zero => new(0, 0, 0);
    public static Vec3 UnitY => new(0, 1, 0);

    public static Vec3 operator +(Vec3 a, Vec3 b) => new(a.X + b.X, a.Y + b.Y, a.Z + b.Z);
    public static Vec3 operator -(Vec3 a, Vec3 b) => new(a.X - b.X, a.Y - b.Y, a.Z - b.Z);
    public static Vec3 operator -(Vec3 a) => new(-a.X, -a.Y, -a.Z);
    public static Vec3 operator *(Vec3 a, double s) => new(a.X * s, a.Y * s, a.Z * s);
    public static Vec3 operator *(double s, Vec3 a) => new(a.X * s, a.Y * s, a.Z * s);
    public static Vec3 operator /(Vec3 a, double s) => new(a.X / s, a.Y / s, a.Z / s);

    public double this[int axis] => axis switch
    {
        0 => X,
        1 => Y,
        2 => Z,
        _ => throw new ArgumentOutOfRangeException(nameof(axis), axis, "A 3-vector has axes 0, 1 and 2."),
    };

    public static Vec3 Axis(int axis, double length = 1) => axis switch
    {
        0 => new(length, 0, 0),
        1 => new(0, length, 0),
        2 => new(0, 0, length),
        _ => throw new ArgumentOutOfRangeException(nameof(axis), axis, "A 3-vector has axes 0, 1 and 2."),
    };

    public double Dot(Vec3 b) => X * b.X + Y * b.Y + Z * b.Z;

    public double Length => Math.Sqrt(Dot(this));

    public Vec3 Normalized()
    {
        double length = Length;
        return length > 0 ? this / length : this;
    }

    /// <summary>Rotation about the world up axis (y) by <paramref name="angle"/> radians.</summary>
    public Vec3 RotateY(double angle)
    {
        double c = Math.Cos(angle), s = Math.Sin(angle);
        return new(c * X + s * Z, Y, -s * X + c * Z);
    }
}
