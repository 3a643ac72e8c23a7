using MtlAttack.Core.Datasets.Synthetic;

namespace MtlAttack.Core.Tests.Datasets.Synthetic;

/// <summary>Ground truth of hand-built scenes against answers derived from the geometry alone.</summary>
public class SceneGeometryTests
{
    private const int Size = 64;

    private static int Plane => Size * Size;

    [Fact]
    public void BackWallDepthIsItsDistanceAlongTheOpticalAxisForALevelCamera()
    {
        var frame = SceneRenderer.Render(FixedScene.Build(pitch: 0), Size);

        int backWallPixels = 0;
        for (int pixel = 0; pixel < Plane; pixel++)
        {
            if (frame.Normals[2 * Plane + pixel] != -1f) continue; // only the back wall faces straight back at a level camera
            backWallPixels++;
            Assert.Equal((float)FixedScene.BackWallZ, frame.Depth[pixel]);
            Assert.Equal((float)SceneClass.Wall, frame.Segmentation[pixel]);
        }
        Assert.True(backWallPixels > Plane / 8, $"expected the back wall to fill much of the view, got {backWallPixels} pixels");
        int centre = (Size / 2) * Size + Size / 2;
        Assert.Equal((float)FixedScene.BackWallZ, frame.Depth[centre]);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.2)]
    [InlineData(0.35)]
    public void FloorNormalIsWorldUpSeenByThePitchedCameraAndFloorDepthFollowsTheHorizonGeometry(double pitch)
    {
        var frame = SceneRenderer.Render(FixedScene.Build(pitch), Size);

        int floorPixels = 0;
        for (int row = 0; row < Size; row++)
        {
            for (int col = 0; col < Size; col++)
            {
                int pixel = row * Size + col;
                if (frame.Segmentation[pixel] != (float)SceneClass.Floor) continue;
                floorPixels++;
                // World up (0, 1, 0) in the frame of a camera pitched down by `pitch`: up tilts towards the viewer.
                Assert.Equal(0.0, frame.Normals[pixel], 6);
                Assert.Equal(Math.Cos(pitch), frame.Normals[Plane + pixel], 6);
                Assert.Equal(-Math.Sin(pitch), frame.Normals[2 * Plane + pixel], 6);
                // The ray (forward component 1) drops by -direction.Y per unit depth and meets y = 0 after camera height / drop.
                var direction = FixedScene.PixelDirection(pitch, Size, row, col);
                double expectedDepth = FixedScene.CameraHeight / -direction.Y;
                Assert.Equal(expectedDepth, frame.Depth[pixel], expectedDepth * 1e-6);
            }
        }
        Assert.True(floorPixels > Plane / 8, $"expected to see the floor, got {floorPixels} pixels");
    }

    [Fact]
    public void CeilingNormalPointsDownAndStillFacesTheCamera()
    {
        const double pitch = 0.1;
        var frame = SceneRenderer.Render(FixedScene.Build(pitch), Size);

        int ceilingPixels = 0;
        for (int pixel = 0; pixel < Plane; pixel++)
        {
            if (frame.Segmentation[pixel] != (float)SceneClass.Ceiling) continue;
            ceilingPixels++;
            Assert.Equal(-Math.Cos(pitch), frame.Normals[Plane + pixel], 6);
            Assert.Equal(Math.Sin(pitch), frame.Normals[2 * Plane + pixel], 6);
        }
        Assert.True(ceilingPixels > 0, "a nearly level camera in a 3 m room should see the ceiling");
    }

    [Fact]
    public void SphereHitPointsLieOnTheSphereAndTheirNormalsPointFromItsCentre()
    {
        var center = new Vec3(0.3, 0.5, 3);
        const double radius = 0.5;
        var frame = SceneRenderer.Render(FixedScene.Build(pitch: 0, [new SpherePrimitive(SceneGenerator.FirstObjectId, FixedScene.Grey, center, radius, spin: 0)]), Size);
        var camera = FixedScene.Camera(0);

        int spherePixels = 0;
        for (int row = 0; row < Size; row++)
        {
            for (int col = 0; col < Size; col++)
            {
                int pixel = row * Size + col;
                if (frame.Segmentation[pixel] != (float)SceneClass.Sphere) continue;
                spherePixels++;
                var point = camera.Position + FixedScene.PixelDirection(0, Size, row, col) * frame.Depth[pixel];
                // Depth is stored as float32, so the reconstructed point is good to about 1e-6 relative.
                Assert.Equal(radius, (point - center).Length, 1e-5);
                var expectedNormal = (point - center).Normalized();
                Assert.Equal(expectedNormal.X, frame.Normals[pixel], 1e-4);
                Assert.Equal(expectedNormal.Y, frame.Normals[Plane + pixel], 1e-4);
                Assert.Equal(expectedNormal.Z, frame.Normals[2 * Plane + pixel], 1e-4);
            }
        }
        // Apparent radius of a sphere at distance d: f * r / sqrt(d^2 - r^2) pixels; area within a rim pixel.
        double focal = Size / 2.0 / Math.Tan(SceneGenerator.FieldOfView / 2);
        double apparentRadius = focal * radius / Math.Sqrt((center - camera.Position).Dot(center - camera.Position) - radius * radius);
        Assert.InRange(spherePixels, Math.PI * Math.Pow(apparentRadius - 1.5, 2), Math.PI * Math.Pow(apparentRadius + 1.5, 2));
    }

    [Fact]
    public void BoxFacingTheCameraShowsItsFrontFaceAtItsExactDistance()
    {
        var box = new BoxPrimitive(SceneGenerator.FirstObjectId, FixedScene.Grey, new Vec3(0, 1.5, 4), new Vec3(0.5, 0.4, 0.3), yaw: 0);
        var frame = SceneRenderer.Render(FixedScene.Build(pitch: 0, [box]), Size);

        int centre = (Size / 2) * Size + Size / 2;
        Assert.Equal((float)SceneClass.Box, frame.Segmentation[centre]);
        Assert.Equal(4 - 0.3, frame.Depth[centre], 6);
        Assert.Equal(-1f, frame.Normals[2 * Plane + centre]);
    }

    [Fact]
    public void NormalsAreUnitLengthAndFaceTheViewingRay()
    {
        var objects = new Primitive[]
        {
            new BoxPrimitive(6, FixedScene.Grey, new Vec3(-1, 0.4, 4), new Vec3(0.4, 0.4, 0.4), yaw: 0.5),
            new SpherePrimitive(7, FixedScene.Grey, new Vec3(1, 0.5, 3.5), 0.5, spin: 0),
            new CylinderPrimitive(8, FixedScene.Grey, new Vec3(0, 0, 5), 0.4, 1.2, spin: 0),
        };
        const double pitch = 0.25;
        var frame = SceneRenderer.Render(FixedScene.Build(pitch, objects), Size);
        var camera = FixedScene.Camera(pitch);
        for (int row = 0; row < Size; row++)
        {
            for (int col = 0; col < Size; col++)
            {
                int pixel = row * Size + col;
                var normal = new Vec3(frame.Normals[pixel], frame.Normals[Plane + pixel], frame.Normals[2 * Plane + pixel]);
                Assert.Equal(1.0, normal.Length, 5);
                var viewing = camera.ToCameraFrame(FixedScene.PixelDirection(pitch, Size, row, col));
                Assert.True(normal.Dot(viewing) < 0, $"normal at ({row}, {col}) faces away from the camera");
            }
        }
    }

    [Fact]
    public void ImageChannelsAreBlueGreenRed()
    {
        var red = Appearance.Uniform(new Rgb(1, 0, 0));
        var frame = SceneRenderer.Render(FixedScene.Build(0.2, floor: red, wall: red, ceiling: red), Size);
        Assert.All(frame.Image.Take(Plane), blue => Assert.Equal(0f, blue));
        Assert.All(frame.Image.Skip(Plane).Take(Plane), green => Assert.Equal(0f, green));
        Assert.All(frame.Image.Skip(2 * Plane), r => Assert.True(r > 0));
    }

    [Fact]
    public void ShadowDarkensTheFloorBehindAnObjectSeenFromTheLight()
    {
        // Light straight above a box: the floor right next to the box is lit, the floor under the box's shadow is not.
        var scene = new Scene(FixedScene.Camera(0.3),
            [.. SceneGenerator.Room(FixedScene.RoomWidth, FixedScene.BackWallZ, FixedScene.CeilingHeight, FixedScene.FrontWallZ, FixedScene.Grey, FixedScene.Grey, FixedScene.Grey),
             new SpherePrimitive(6, FixedScene.Grey, new Vec3(0, 1.2, 4), 0.3, 0)],
            lightPosition: new Vec3(0, 2.8, 4), ambient: 0.3, lightStrength: 1);
        var withShadow = SceneRenderer.Render(scene, Size);
        var withoutShadow = SceneRenderer.Render(new Scene(scene.Camera, scene.Primitives, scene.LightPosition, scene.Ambient, scene.LightStrength, castShadows: false), Size);

        var (u, v, _) = scene.Camera.Project(new Vec3(0, 0, 4), Size); // the floor point straight below the sphere
        int pixel = (int)v * Size + (int)u;
        Assert.Equal((float)SceneClass.Floor, withShadow.Segmentation[pixel]);
        float ambientOnly = (float)Math.Round(0.5 * 0.3 * 255);
        Assert.Equal(ambientOnly, withShadow.Image[2 * Plane + pixel]);
        Assert.True(withoutShadow.Image[2 * Plane + pixel] > ambientOnly + 20);
    }
}
