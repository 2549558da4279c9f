// The namespaces nearly every file of the generator uses, once for all of them.
global using System;
global using System.Collections.Generic;
global using System.Linq;
global using ModelGen.Generator.Emit;
global using ModelGen.Generator.Model;
global using ModelGen.Generator.Shapes;
