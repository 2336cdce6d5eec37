# Build: Maven with Java 17, then a slim JRE image running as a non-root user.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
COPY templates templates
RUN mvn -B -q package -DskipTests

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /app noticeboard \
 && mkdir -p /app/data && chown noticeboard /app/data
WORKDIR /app
COPY --from=build /src/target/noticeboard.jar /app/noticeboard.jar
COPY config /app/config
COPY templates /app/templates
USER noticeboard
ENV NB_DATA_DIR=/app/data LANG=C.UTF-8
EXPOSE 8080
STOPSIGNAL SIGTERM
ENTRYPOINT ["java", "-Dfile.encoding=UTF-8", "-XX:MaxRAMPercentage=75", "-jar", "/app/noticeboard.jar"]
