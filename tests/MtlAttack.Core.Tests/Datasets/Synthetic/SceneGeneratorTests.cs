using MtlAttack.Core.Datasets.Synthetic;

namespace MtlAttack.Core.Tests.Datasets.Synthetic;

public class SceneGeneratorTests
{
    [Fact]
    public void ScenesHoldTwoToSixObjectsStandingApartInsideTheRoomAndAwayFromCameraAndLight()
    {
        var objectCounts = new HashSet<int>();
        for (int index = 0; index < 200; index++)
        {
            var scene = SceneGenerator.Generate(seed: 9, "train", index);
            var objects = scene.Objects;
            objectCounts.Add(objects.Count);
            Assert.InRange(objects.Count, 2, 6);
            Assert.Equal(objects.Count + 6, scene.Primitives.Count);
            Assert.Equal(objects.Count, objects.Select(o => o.Id).Distinct().Count());

            var sides = scene.Primitives.OfType<RoomPlane>().ToList();
            double halfWidth = sides.Single(s => s.Id == SceneGenerator.RightWallId).Offset;
            double backWall = sides.Single(s => s.Id == SceneGenerator.BackWallId).Offset;
            double ceiling = sides.Single(s => s.Id == SceneGenerator.CeilingId).Offset;
            foreach (var item in objects)
            {
                var foot = item.FloorCenter;
                Assert.True(Math.Abs(foot.X) + item.FootprintRadius < halfWidth, $"scene {index}: object {item.Id} pokes through a side wall");
                Assert.True(foot.Z + item.FootprintRadius < backWall, $"scene {index}: object {item.Id} pokes through the back wall");
                var (center, radius) = item.BoundingSphere;
                Assert.True((center - scene.Camera.Position).Length > radius, $"scene {index}: the camera is inside object {item.Id}");
                Assert.True((center - scene.LightPosition).Length > radius, $"scene {index}: the light is inside object {item.Id}");
                foreach (var other in objects.Where(o => o.Id > item.Id))
                {
                    double gap = (other.FloorCenter - foot).Length - item.FootprintRadius - other.FootprintRadius;
                    Assert.True(gap > 0, $"scene {index}: objects {item.Id} and {other.Id} overlap");
                }
            }
            Assert.InRange(scene.LightPosition.Y, 0, ceiling);
            Assert.InRange(scene.Camera.Position.Y, 0, ceiling);
        }
        Assert.True(objectCounts.Count >= 4, $"object counts should vary, saw {string.Join(", ", objectCounts)}");
    }

    [Fact]
    public void TheSameKeyAlwaysDrawsTheSameSceneAndStreamsDoNotCollide()
    {
        var first = SceneGenerator.Generate(4, "test", 17);
        var again = SceneGenerator.Generate(4, "test", 17);
        Assert.Equal(first.Camera.Position, again.Camera.Position);
        Assert.Equal(first.LightPosition, again.LightPosition);
        Assert.Equal(first.Objects.Select(o => o.BoundingSphere), again.Objects.Select(o => o.BoundingSphere));

        var cameras = new HashSet<Vec3>();
        foreach (var split in new[] { "train", "test" })
            for (int seed = 0; seed < 5; seed++)
                for (int index = 0; index < 20; index++)
                    Assert.True(cameras.Add(SceneGenerator.Generate(seed, split, index).Camera.Position), $"{split}/{seed}/{index} repeats a camera");
    }
}
