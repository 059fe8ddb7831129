import WebApp; import ArgumentParser; print("x")
