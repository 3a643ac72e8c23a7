namespace MtlAttack.Abstractions;
